"""Cluster credentials merged into a kubeconfig file, without clobbering.

* :mod:`.files`: which file, reading it safely (size and alias limits, a
  clear line for anything that is not a kubeconfig), the lock, the
  backup and the atomic write (mode 0600);
* :mod:`.entries`: the cluster, user and context entries of one Magnum
  cluster, the naming rule, and merging them into (or removing them
  from) a kubeconfig without touching anything else;
* :mod:`.credentials`: what Magnum gives: the cluster, its CA and, in TLS
  mode, a client certificate for a key made here (only the CSR leaves
  this machine).

Imported only when a ``coe cluster kubeconfig`` command runs.
"""
