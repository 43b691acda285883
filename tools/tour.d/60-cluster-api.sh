# Part of tools/demo: a cluster of the Cluster API driver (what Catalyst
# Cloud runs since 2024) failing, diagnosed, bundled; an upgrade plan.
tour_capi=tour-capi-$$
section "Create a Cluster API cluster; --wait shows what the driver reports"
run openstack --os-cloud local-member coe cluster create "$tour_capi" \
    --cluster-template latest --node-count 1 \
    --labels fake_duration=40 --merge-labels --wait
section "Being resized: Magnum says UNHEALTHY, which is expected meanwhile (exit 0)"
run openstack --os-cloud local-member coe cluster resize "$tour_capi" 2 --no-preview-warning
sleep 12
run openstack --os-cloud local-member coe cluster diagnose "$tour_capi" \
    --no-preview-warning -c Check -c Result -c Detail --max-width 160
run openstack --os-cloud local-member coe cluster wait "$tour_capi" --no-preview-warning -f value -c status
section "Delete it while a bastion still sits on its network: the delete never ends"
tour_capi_blocked=$tour_capi-blocked
run openstack --os-cloud local-member coe cluster create "$tour_capi_blocked" \
    --cluster-template latest --node-count 1 \
    --labels fake_bastion=true --merge-labels --wait --no-preview-warning
run openstack --os-cloud local-member coe cluster delete "$tour_capi_blocked" --no-preview-warning
sleep 15
section "No Heat stack: the cause is in health_status_reason, and diagnose names it (exit 2)"
run openstack --os-cloud local-member coe cluster diagnose "$tour_capi_blocked" \
    --no-preview-warning -c Check -c Result -c Detail -c 'Next step' --max-width 200
section "The bundle says plainly that there is no Heat stack, and what there is instead"
tour_capi_dir=$(mktemp -d)
run openstack --os-cloud local-member coe support bundle create "$tour_capi_blocked" \
    --no-preview-warning --output "$tour_capi_dir" -f value -c path
run sh -c "tar -xzOf $tour_capi_dir/coe-support-*.tar.gz --wildcards '*/cluster-api.json' | head -12"
rm -rf "$tour_capi_dir"
section "Delete it again: the local cloud lets a second delete through, as if the user had removed the bastion"
run openstack --os-cloud local-member coe cluster delete "$tour_capi_blocked" "$tour_capi" --wait --no-preview-warning
section "Before an upgrade: the plan, Catalyst's rules with their sources (nothing is sent)"
run openstack --os-cloud local-member coe cluster upgrade demo-healthy \
    kubernetes-v1.36.0-20260721 --dry-run --no-preview-warning
section "A plan that a rule blocks (a downgrade): exit 2, and nothing is sent"
run openstack --os-cloud local-member coe cluster upgrade demo-healthy \
    kubernetes-v1.34.9-20260720 --dry-run --no-preview-warning
section "Compare two templates"
run openstack --os-cloud local-member coe catalyst template diff \
    latest my-team-k8s --no-preview-warning
unset tour_capi tour_capi_blocked tour_capi_dir
