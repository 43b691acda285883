"""What Magnum gives for a kubeconfig: the cluster, its CA, a certificate.

In TLS mode the private key is made here (RSA 2048, as python-magnumclient
does) and only a certificate signing request goes to Magnum, which signs
it with the cluster's CA (``POST /v1/certificates``). The request asks for
the subject python-magnumclient's ``coe cluster config`` asks for
(``CN=admin, O=system:masters``): the cluster's administrator.
"""

from osc_lib import exceptions as osc_exc

from catalystcoe import cloud
from catalystcoe import errors
from catalystcoe.kubeconfig import entries

KEY_BITS = 2048
CSR_COMMON_NAME = 'admin'
CSR_ORGANIZATION = 'system:masters'


def find_cluster(client, ident):
    """The cluster as a dict, once it has an API address to reach."""
    with errors.api_errors(f'finding cluster {ident}'):
        cluster = cloud.get_cluster(client, ident)
    name = cluster.get('name') or ident
    address = cluster.get('api_address')
    status = cluster.get('status') or 'unknown'
    if not address:
        if str(status).endswith('_FAILED'):
            raise osc_exc.CommandError(
                f'cluster {name} has no API address (status {status}); '
                f'see: openstack coe cluster diagnose {name}')
        raise osc_exc.CommandError(
            f'cluster {name} has no API address yet (status {status}); '
            f'wait until it is ready: openstack coe cluster wait {name}')
    if not str(address).startswith(('https://', 'http://')):
        raise osc_exc.CommandError(
            f'cluster {name} has an API address that is not a URL: '
            f'{address!r}')
    if not cluster.get('uuid'):
        raise osc_exc.CommandError(
            f'the API answered with malformed data: cluster {name} has no '
            'uuid')
    return cluster


def choose_auth(cluster, requested=None):
    """The requested mode, else the one the cluster's labels say."""
    return requested or entries.auth_from_labels(cluster.get('labels'))


def credentials(client, cluster, name, region, auth, cloud_name=None):
    """Fetch the CA (and, for TLS, sign a new key) into Credentials."""
    uuid = cluster['uuid']
    label = cluster.get('name') or uuid
    with errors.api_errors(f'getting the CA certificate of {label}'):
        try:
            ca_pem = cloud.get_ca_pem(client, uuid)
        except errors.MalformedAnswer as exc:
            raise osc_exc.CommandError(
                f'cluster {label} has no CA certificate to trust '
                f'({exc})') from exc
    cert_pem = key_pem = None
    if auth == entries.TLS:
        key_pem, csr_pem = new_key_and_csr()
        with errors.api_errors(f'signing a client certificate for {label}'):
            cert_pem = cloud.sign_csr(client, uuid, csr_pem)
    return entries.Credentials(
        name=name, cluster_uuid=uuid, region=region,
        server=cluster['api_address'], ca_pem=ca_pem, auth=auth,
        cert_pem=cert_pem, key_pem=key_pem,
        cloud=cloud_name if auth == entries.KEYSTONE else None)


def new_key_and_csr():
    """``(private key PEM, CSR PEM)``: a new RSA key and its request."""
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives import serialization
    from cryptography import x509
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)
    subject = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, CSR_COMMON_NAME),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, CSR_ORGANIZATION),
    ])
    csr = x509.CertificateSigningRequestBuilder().subject_name(
        subject).sign(key, hashes.SHA256())
    key_pem = key.private_bytes(
        encoding=serialization.Encoding.PEM,
        format=serialization.PrivateFormat.PKCS8,
        encryption_algorithm=serialization.NoEncryption()).decode('ascii')
    return key_pem, csr.public_bytes(serialization.Encoding.PEM).decode(
        'ascii')
