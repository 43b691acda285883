# Part of tools/demo: which cluster template to use, aliases, copies,
# upgrade paths and the labels warning.
q=--no-preview-warning
section "Which template should I use? Newest version first, with support status"
run openstack --os-cloud local-member coe catalyst template list $q
section "Which Kubernetes versions? Status, dates (announced or expected), sources"
run env CATALYSTCOE_TODAY=2026-07-21 openstack --os-cloud local-member coe catalyst version list --all-regions $q
section "A version the support table does not know yet: supported, with its reason"
run env CATALYSTCOE_TODAY=2026-07-21 openstack --os-cloud local-member --os-region-name nz-por-1 \
    coe catalyst template show latest $q -c Name -c Support -c "Support Reason"
section "The newest template of each version, in every region"
run openstack --os-cloud local-member coe catalyst template list --latest --all-regions $q
section "What an alias stands for (named on stderr), labels ready to paste"
run openstack --os-cloud local-member coe catalyst template show latest-prod $q \
    -c Name -c "Kubernetes Version" -c Support -c "Support Reason" \
    -c Labels -c "Labels Argument"
section "A private copy of it with one label changed (no copying labels by hand)"
tour_tpl=tour-template-$$
run openstack --os-cloud local-member coe catalyst template create "$tour_tpl" \
    --from latest-prod --label boot_volume_size=30 $q \
    -c Name -c Support -c Labels
section "A cluster from an alias; --labels without --merge-labels is warned about"
tour_tpl_cluster=tour-template-cluster-$$
run openstack --os-cloud local-member coe cluster create "$tour_tpl_cluster" \
    --cluster-template latest-prod --labels boot_volume_size=30 --wait $q
section "Upgrades go one minor version at a time"
run openstack --os-cloud local-member coe catalyst template list --upgrades-for "$tour_tpl_cluster" $q
tour_tpl_old=tour-template-132-$$
run openstack --os-cloud local-member coe catalyst template create "$tour_tpl_old" \
    --from latest-prod --label kube_tag=v1.32.13 $q -c Name -c "Kubernetes Version"
run openstack --os-cloud local-member coe cluster upgrade "$tour_tpl_cluster" "$tour_tpl_old" $q
section "Clean up"
run openstack --os-cloud local-member coe cluster delete "$tour_tpl_cluster" --wait $q
run openstack --os-cloud local-member coe cluster template delete "$tour_tpl" "$tour_tpl_old" $q
unset q tour_tpl tour_tpl_old tour_tpl_cluster
