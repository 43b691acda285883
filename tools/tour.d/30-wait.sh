# Part of tools/demo: --wait on commands that change clusters, and
# 'coe cluster wait'. Progress is on stderr; stdout is the stock text.
section "Create a cluster and wait for it (progress on stderr, exit 0)"
tour_wait_name=tour-wait-$$
run openstack --os-cloud local-member coe cluster create "$tour_wait_name" \
    --cluster-template latest --node-count 1 --wait
section "Resize it and wait"
run openstack --os-cloud local-member coe cluster resize "$tour_wait_name" 2 --wait
section "A create that fails: one line with the reason and what to run next (exit 1)"
run openstack --os-cloud local-member coe cluster create "$tour_wait_name-fail" \
    --cluster-template latest \
    --labels fake_failure=addons_failed --merge-labels --wait
section "Follow an existing cluster from a script; the final fields as JSON"
run sh -c "openstack --os-cloud local-member coe cluster wait $tour_wait_name -f json -c name -c status -c node_count 2>/dev/null"
section "Give up after a timeout (exit 124); nothing is changed"
run openstack --os-cloud local-member coe cluster wait "$tour_wait_name" \
    --status DELETE_COMPLETE --timeout 3 -f value -c status
section "Delete both and wait until they are gone"
run openstack --os-cloud local-member coe cluster delete "$tour_wait_name" "$tour_wait_name-fail" --wait
unset tour_wait_name
