# Part of tools/demo: pre-flight checks before create, a cluster's
# associated resources, and what blocks (or survives) a delete.
section "A create that would run out of quota is refused before anything is sent (exit 1)"
run openstack --os-cloud local-member coe cluster create tour-big \
    --cluster-template latest --node-count 15 --flavor c1.c8r16 --no-preview-warning
section "A GPU flavor on Kubernetes 1.33.4 (Catalyst supports GPUs from 1.33.5) and a label typo"
run openstack --os-cloud local-member coe cluster create tour-gpu \
    --cluster-template latest --flavor c2-gpu.c4r16g1 \
    --labels kube_tag=v1.33.4,kube_dashbaord_enabled=false --merge-labels --no-preview-warning
section "--dry-run: every check, pass/warn/fail, and nothing sent"
run openstack --os-cloud local-member coe cluster create tour-dry \
    --cluster-template latest --keypair demo-key --no-preview-warning --dry-run
section "A cluster with a bastion and a load balancer of the user's on its network, and two persistent volumes"
tour_pf_name=tour-pf-$$
run openstack --os-cloud local-member coe cluster create "$tour_pf_name" \
    --cluster-template latest --node-count 1 --no-preview-warning \
    --labels fake_bastion=true,fake_user_lb=true,fake_pv_volumes=2 \
    --merge-labels --wait
run openstack --os-cloud local-member coe cluster resource list "$tour_pf_name" \
    --no-preview-warning -c Type -c Name -c "Made By" -c "On Delete" --max-width 160
section "For scripts: --strict refuses the delete and names what blocks it (exit 1)"
run openstack --os-cloud local-member coe cluster delete "$tour_pf_name" --strict --no-preview-warning
section "Without --strict: a warning for each blocker and the volumes that survive, then the delete"
run openstack --os-cloud local-member coe cluster delete "$tour_pf_name" --no-preview-warning
section "As warned, the bastion blocks the delete (part 60 diagnoses such a delete); deleting again goes through (the local cloud's stand-in for the user removing it: the bastion stays listed)"
sleep 15
run openstack --os-cloud local-member coe cluster show "$tour_pf_name" --no-preview-warning \
    -c status -c health_status_reason --max-width 160
run openstack --os-cloud local-member coe cluster delete "$tour_pf_name" --no-preview-warning --wait
unset tour_pf_name
