# Part of tools/demo: kubectl access that merges into the kubeconfig you
# have, instead of a new file over it; then taken out again. The tour
# writes a kubeconfig of its own, never ~/.kube/config.
q=--no-preview-warning
tour_kube_dir=$(mktemp -d)
tour_kube=$tour_kube_dir/config
cat > "$tour_kube" <<'YAML'
apiVersion: v1
kind: Config
clusters:
- name: on-prem
  cluster: {server: 'https://10.9.8.7:6443'}
users:
- name: ops
  user: {token: not-a-real-token}
contexts:
- name: on-prem
  context: {cluster: on-prem, user: ops}
current-context: on-prem
YAML
section "A kubeconfig that already has someone else's cluster"
run env KUBECONFIG="$tour_kube" kubectl config get-contexts
section "Save a cluster's credentials next to it (Keystone auth, from the cluster's labels)"
run env KUBECONFIG="$tour_kube" openstack --os-cloud local-member coe cluster kubeconfig save demo-healthy $q
section "A client certificate instead, under a name of your choice (the key is made here; Magnum signs the CSR)"
run openstack --os-cloud local-member coe cluster kubeconfig save demo-healthy $q \
    --file "$tour_kube" --use-certificate --context-name demo-healthy-admin -f value -c Context -c Auth
run env KUBECONFIG="$tour_kube" kubectl config get-contexts
run ls -l "$tour_kube" "$tour_kube.bak"
section "Print one without writing anything (for KUBECONFIG=<(...))"
run sh -c "openstack --os-cloud local-member coe cluster kubeconfig show demo-healthy $q | head -n 12"
section "Take a cluster out again: only its own entries"
run env KUBECONFIG="$tour_kube" openstack --os-cloud local-member coe cluster kubeconfig remove demo-healthy $q
run env KUBECONFIG="$tour_kube" kubectl config get-contexts
section "A file that is not a kubeconfig is never overwritten"
run sh -c "printf 'clusters: [\n' > $tour_kube_dir/broken"
run openstack --os-cloud local-member coe cluster kubeconfig save demo-healthy $q --file "$tour_kube_dir/broken"
rm -rf "$tour_kube_dir"
unset q tour_kube tour_kube_dir
