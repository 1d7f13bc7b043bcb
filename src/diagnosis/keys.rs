//! Every message key the rules use for evidence and steps, in one table, so
//! a test can check the English catalogue has each of them. Cause titles and
//! summaries derive from [`crate::diagnosis::cause::Cause`] instead.

macro_rules! keys {
    ($( $name:ident = $key:literal; )*) => {
        $( pub const $name: &str = $key; )*

        /// Every key above.
        pub const ALL: &[&str] = &[$($name),*];
    };
}

keys! {
    // Facts that support a cause.
    EVIDENCE_ACCESS_DENIED = "evidence_access_denied";
    EVIDENCE_ADDRESS_UNUSABLE = "evidence_address_unusable";
    EVIDENCE_ADMIN_BLOCKED = "evidence_admin_blocked";
    EVIDENCE_ANSWERS_AT = "evidence_answers_at";
    EVIDENCE_ANSWERS_ON_IPV4 = "evidence_answers_on_ipv4";
    EVIDENCE_ANSWERS_ON_IPV6 = "evidence_answers_on_ipv6";
    EVIDENCE_BLOCKED_BY_EXTENSION = "evidence_blocked_by_extension";
    EVIDENCE_BLOCKERS = "evidence_blockers";
    EVIDENCE_BROWSER_ERROR = "evidence_browser_error";
    EVIDENCE_BROWSER_OFFLINE = "evidence_browser_offline";
    EVIDENCE_CAPTIVE_PORTAL_LOCKED = "evidence_captive_portal_locked";
    EVIDENCE_CERTIFICATE_REJECTED = "evidence_certificate_rejected";
    EVIDENCE_CLIENT_CERTIFICATE = "evidence_client_certificate";
    EVIDENCE_CONNECTED_TO_OLD_ADDRESS = "evidence_connected_to_old_address";
    EVIDENCE_CONNECTION_CUT = "evidence_connection_cut";
    EVIDENCE_CONNECTION_FAILED = "evidence_connection_failed";
    EVIDENCE_CUT_LIKE_A_FILTER = "evidence_cut_like_a_filter";
    EVIDENCE_DEVICE_NO_ROUTE = "evidence_device_no_route";
    EVIDENCE_DNS_SERVER_FAILED = "evidence_dns_server_failed";
    EVIDENCE_EXTENSIONS_CAN_PROXY = "evidence_extensions_can_proxy";
    EVIDENCE_FIREWALL_MAY_BLOCK = "evidence_firewall_may_block";
    EVIDENCE_INTERCEPTION_SIGN = "evidence_interception_sign";
    EVIDENCE_LOCAL_CONNECTION_DROPPED = "evidence_local_connection_dropped";
    EVIDENCE_LOCAL_NAME = "evidence_local_name";
    EVIDENCE_LOCAL_NAME_UNKNOWN = "evidence_local_name_unknown";
    EVIDENCE_LOCAL_NETWORK_ACCESS = "evidence_local_network_access";
    EVIDENCE_LOCAL_NO_ANSWER = "evidence_local_no_answer";
    EVIDENCE_LOCAL_WORKED_BEFORE = "evidence_local_worked_before";
    EVIDENCE_LOADED_FROM_PUBLIC_ADDRESS = "evidence_loaded_from_public_address";
    EVIDENCE_MANAGED_DEVICE_MAY_DENY = "evidence_managed_device_may_deny";
    EVIDENCE_MOVES_TO_NEXT_PORT = "evidence_moves_to_next_port";
    EVIDENCE_MAC_LOCAL_NETWORK = "evidence_mac_local_network";
    EVIDENCE_NAMES_FAILING = "evidence_names_failing";
    EVIDENCE_NAME_NOT_FOUND = "evidence_name_not_found";
    EVIDENCE_NAME_WORKED_BEFORE = "evidence_name_worked_before";
    EVIDENCE_NAVIGATOR_OFFLINE = "evidence_navigator_offline";
    EVIDENCE_NETWORK_CHANGED = "evidence_network_changed";
    EVIDENCE_NEWLY_BLOCKED = "evidence_newly_blocked";
    EVIDENCE_NETWORK_CHANGED_BEFORE = "evidence_network_changed_before";
    EVIDENCE_NOTHING_LISTENING = "evidence_nothing_listening";
    EVIDENCE_NOTHING_AT_ADDRESS = "evidence_nothing_at_address";
    EVIDENCE_NOTHING_ELSE_ANSWERS = "evidence_nothing_else_answers";
    EVIDENCE_NO_ANSWER = "evidence_no_answer";
    EVIDENCE_NO_ROUTE = "evidence_no_route";
    EVIDENCE_ONLY_BLOCKER = "evidence_only_blocker";
    EVIDENCE_OTHERS_FAILING = "evidence_others_failing";
    EVIDENCE_ONLY_SYSTEM_DNS_RESOLVES = "evidence_only_system_dns_resolves";
    EVIDENCE_OTHERS_LOADED = "evidence_others_loaded";
    EVIDENCE_PAGES_GO_THROUGH_PROXY = "evidence_pages_go_through_proxy";
    EVIDENCE_POINTED_HERE = "evidence_pointed_here";
    EVIDENCE_PORT_UNSAFE = "evidence_port_unsafe";
    EVIDENCE_PRIVATE_NETWORK = "evidence_private_network";
    EVIDENCE_PROXY_AUTO_DETECTED = "evidence_proxy_auto_detected";
    EVIDENCE_PROXY_ERROR_REPORTED = "evidence_proxy_error_reported";
    EVIDENCE_PROXY_FROM_SYSTEM = "evidence_proxy_from_system";
    EVIDENCE_PROXY_NOT_FROM_EXTENSION = "evidence_proxy_not_from_extension";
    EVIDENCE_PROXY_SERVER = "evidence_proxy_server";
    EVIDENCE_PROXY_SET_BY_AN_EXTENSION = "evidence_proxy_set_by_an_extension";
    EVIDENCE_PROXY_SET_BY_EXTENSION = "evidence_proxy_set_by_extension";
    EVIDENCE_PROXY_SET_BY_ONE_OF = "evidence_proxy_set_by_one_of";
    EVIDENCE_PROXY_UNUSABLE = "evidence_proxy_unusable";
    EVIDENCE_PUBLIC_NAME_LOCAL_ANSWER = "evidence_public_name_local_answer";
    EVIDENCE_REFUSED_AFTER_WAIT = "evidence_refused_after_wait";
    EVIDENCE_REFUSED_INSTANTLY = "evidence_refused_instantly";
    EVIDENCE_REFUSED_ON_THIS_COMPUTER = "evidence_refused_on_this_computer";
    EVIDENCE_RESET_AFTER_CONNECT = "evidence_reset_after_connect";
    EVIDENCE_RESOLVED_TO_SINKHOLE = "evidence_resolved_to_sinkhole";
    EVIDENCE_RESOLVES_TO_LOCAL_NETWORK = "evidence_resolves_to_local_network";
    EVIDENCE_RESOLVES_TO_THIS_COMPUTER = "evidence_resolves_to_this_computer";
    EVIDENCE_SECOND_LOOKUP_FAILED = "evidence_second_lookup_failed";
    EVIDENCE_SERVER_REFUSED = "evidence_server_refused";
    EVIDENCE_SILENT_LIKE_A_FIREWALL = "evidence_silent_like_a_firewall";
    EVIDENCE_SIMILAR_HOST_LOADED = "evidence_similar_host_loaded";
    EVIDENCE_SITE_INTERMITTENT = "evidence_site_intermittent";
    EVIDENCE_SITE_SLOW = "evidence_site_slow";
    EVIDENCE_SITE_WORKED_BEFORE = "evidence_site_worked_before";
    EVIDENCE_THIS_COMPUTER = "evidence_this_computer";
    EVIDENCE_TLS_FAILED = "evidence_tls_failed";
    EVIDENCE_UNKNOWN_ISSUER = "evidence_unknown_issuer";
    EVIDENCE_UNSPECIFIED_ADDRESS = "evidence_unspecified_address";
    EVIDENCE_USUAL_DEV_PORT = "evidence_usual_dev_port";
    EVIDENCE_VPN_EXTENSION = "evidence_vpn_extension";
    EVIDENCE_VPN_PROXY = "evidence_vpn_proxy";
    EVIDENCE_WAITED = "evidence_waited";
    // Things to do.
    STEP_ADD_SECURE_DNS_EXCEPTION = "step_add_secure_dns_exception";
    STEP_ALLOW_IN_DNS_FILTER = "step_allow_in_dns_filter";
    STEP_ALLOW_IN_EXTENSION = "step_allow_in_extension";
    STEP_ALLOW_LOCAL_NETWORK = "step_allow_local_network";
    STEP_ALLOW_LOCAL_NETWORK_SYSTEM = "step_allow_local_network_system";
    STEP_ALLOW_PORT = "step_allow_port";
    STEP_ASK_ADMIN = "step_ask_admin";
    STEP_ASK_NETWORK_ADMIN = "step_ask_network_admin";
    STEP_ASK_OWNER_FOR_USUAL_PORT = "step_ask_owner_for_usual_port";
    STEP_BLOCKED_FOR_A_REASON = "step_blocked_for_a_reason";
    STEP_CAPTIVE_PORTAL = "step_captive_portal";
    STEP_CHANGE_DNS = "step_change_dns";
    STEP_CHECK_CLOCK = "step_check_clock";
    STEP_CHECK_COMMAND_LINE_PROXY = "step_check_command_line_proxy";
    STEP_CHECK_CONNECTION = "step_check_connection";
    STEP_CHECK_DEVICE = "step_check_device";
    STEP_CHECK_DEVICE_ADDRESS = "step_check_device_address";
    STEP_CHECK_DEVICE_FIREWALL = "step_check_device_firewall";
    STEP_CHECK_DEVICE_ON = "step_check_device_on";
    STEP_CHECK_DOWN_FOR_EVERYONE = "step_check_down_for_everyone";
    STEP_CHECK_HOSTS_FILE = "step_check_hosts_file";
    STEP_CHECK_HTTPS_SCANNING = "step_check_https_scanning";
    STEP_CHECK_LOCAL_NAME = "step_check_local_name";
    STEP_CHECK_OWN_SERVER = "step_check_own_server";
    STEP_CHECK_PORT = "step_check_port";
    STEP_CHECK_PROXY_DETECTION = "step_check_proxy_detection";
    STEP_CHECK_PROXY_EXTENSIONS = "step_check_proxy_extensions";
    STEP_CHECK_PROXY_INTERCEPTION = "step_check_proxy_interception";
    STEP_CHECK_PROXY_SETTINGS = "step_check_proxy_settings";
    STEP_CHECK_SECURITY_SOFTWARE = "step_check_security_software";
    STEP_CHECK_SERVER_LOG = "step_check_server_log";
    STEP_CHECK_SPELLING = "step_check_spelling";
    STEP_CHECK_SYSTEM_PROXY = "step_check_system_proxy";
    STEP_CHECK_VPN = "step_check_vpn";
    STEP_CLEAR_BROWSER_DNS = "step_clear_browser_dns";
    STEP_CONNECT_VPN = "step_connect_vpn";
    STEP_DID_YOU_MEAN = "step_did_you_mean";
    STEP_DOMAIN_GONE = "step_domain_gone";
    STEP_FIND_BLOCKING_EXTENSION = "step_find_blocking_extension";
    STEP_FIND_PROXY_EXTENSION = "step_find_proxy_extension";
    STEP_FLUSH_SYSTEM_DNS = "step_flush_system_dns";
    STEP_GET_CLIENT_CERTIFICATE = "step_get_client_certificate";
    STEP_GRANT_MANAGEMENT = "step_grant_management";
    STEP_LISTEN_ON_IPV4_TOO = "step_listen_on_ipv4_too";
    STEP_LISTEN_ON_IPV6_TOO = "step_listen_on_ipv6_too";
    STEP_OPEN_WHERE_IT_ANSWERS = "step_open_where_it_answers";
    STEP_PICK_CLIENT_CERTIFICATE = "step_pick_client_certificate";
    STEP_KEEP_PORT_BLOCKED = "step_keep_port_blocked";
    STEP_RESTART_ROUTER = "step_restart_router";
    STEP_RETRY_IN_A_MINUTE = "step_retry_in_a_minute";
    STEP_RETRY_LATER = "step_retry_later";
    STEP_RETRY_NOW = "step_retry_now";
    STEP_SERVER_TLS = "step_server_tls";
    STEP_SIGN_IN_TO_NETWORK = "step_sign_in_to_network";
    STEP_START_DEV_SERVER = "step_start_dev_server";
    STEP_TRY_HTTP = "step_try_http";
    STEP_TRY_OTHER_NETWORK = "step_try_other_network";
    STEP_TRY_PRIVATE_WINDOW = "step_try_private_window";
    STEP_TURN_OFF_BLOCKERS_ONE_BY_ONE = "step_turn_off_blockers_one_by_one";
    STEP_TURN_OFF_EXTENSION_PROXIES = "step_turn_off_extension_proxies";
    STEP_TURN_OFF_EXTENSION_PROXY = "step_turn_off_extension_proxy";
    STEP_TURN_OFF_VPN = "step_turn_off_vpn";
    STEP_UNSTABLE_NETWORK = "step_unstable_network";
    STEP_USE_ANOTHER_PORT = "step_use_another_port";
    STEP_USE_LOCALHOST = "step_use_localhost";
    STEP_VIEW_POLICIES = "step_view_policies";
    STEP_WAIT_FOR_SERVER = "step_wait_for_server";
}

#[cfg(test)]
mod tests {
    use crate::diagnosis::cause::Cause;
    use crate::i18n::english_catalogue;

    #[test]
    fn the_english_catalogue_has_every_key_a_diagnosis_can_use_on_every_platform() {
        let cause_keys = Cause::ALL
            .iter()
            .flat_map(|cause| [cause.title_key(), cause.summary_key()]);
        let all: Vec<String> = super::ALL
            .iter()
            .map(|key| key.to_string())
            .chain(cause_keys)
            .chain(crate::diagnosis::wording::all_variant_keys())
            .collect();
        let missing: Vec<&String> = all
            .iter()
            .filter(|key| !english_catalogue().contains_key(*key))
            .collect();
        assert!(
            missing.is_empty(),
            "missing from messages.json: {missing:?}"
        );
    }
}
