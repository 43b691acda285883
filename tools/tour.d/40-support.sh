# Part of tools/demo: diagnose a failed cluster, bundle it for support,
# and look at the bundle before sending it.
section "What is wrong with the failed cluster? (exit code 2: a check failed)"
run openstack --os-cloud local-member coe cluster diagnose demo-failed --no-preview-warning -c Check -c Result -c Detail --max-width 160
section "Everything support needs, secrets removed, in one file"
tour_bundle_dir=$(mktemp -d)
run openstack --os-cloud local-member coe support bundle create demo-failed --no-preview-warning --output "$tour_bundle_dir"
section "What am I about to send? (offline, no credentials needed)"
run openstack coe support bundle show "$tour_bundle_dir"/coe-support-demo-failed-*.tar.gz --no-preview-warning -c clusters -c findings -c redactions -c collectors --max-width 160
run tar -xzOf "$tour_bundle_dir"/coe-support-demo-failed-*.tar.gz --wildcards '*/summary.txt'
rm -rf "$tour_bundle_dir"
