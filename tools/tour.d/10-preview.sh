# Part of tools/demo: the preview notice (stderr) and how to silence it.
section "Every coe command says the service is a preview, on stderr"
run openstack --os-cloud local-member --os-region-name nz-hlz-1 coe cluster list -f json
section "stdout alone stays clean JSON"
run sh -c 'openstack --os-cloud local-member coe cluster list -f json 2>/dev/null | python3 -m json.tool --compact'
section "Silenced per command, with -q, or by environment"
run openstack --os-cloud local-member coe cluster list -f value -c name --no-preview-warning
run env CATALYSTCOE_PREVIEW_WARNING=never openstack --os-cloud local-member coe cluster template list -f value -c name
section "The note in every coe command's help"
run sh -c 'openstack coe cluster list --help | tail -n 7'
