//! What a person can do on our pages: each action's id is the
//! `data-action` of its control, written by the renderer and read by the
//! page's listener (and by the end-to-end tests), from this one table.

id_enum! {
    /// One thing a control on our pages does.
    pub enum Action ("an action id");
    /// Load the failed address again (also the R key, and reloading our page).
    Retry = "retry";
    /// Put the JSON report in the clipboard.
    CopyReport = "copy-report";
    /// Ask for `management` so a cause can name the extension.
    ShowExtensions = "show-extensions";
    /// Open a blamed extension's settings in a new tab.
    OpenExtensionSettings = "open-extension-settings";
    /// Ask to confirm turning a blamed extension off.
    TurnOffExtension = "turn-off-extension";
    /// Turn it off, confirmed.
    ConfirmTurnOff = "confirm-turn-off";
    /// Keep it on after all.
    CancelTurnOff = "cancel-turn-off";
    /// Stop the automatic re-checks.
    StopRetry = "stop-retry";
    /// A link to the Internet Archive's copy of the address.
    Archive = "archive";
    /// A link to a public up-or-down checker.
    StatusCheck = "status-check";
    /// Empty the list of recent failures.
    ClearRecent = "clear-recent";
    /// Open NetWhy's options page.
    OpenOptions = "open-options";
    /// Load the failed page at another address of this computer where a
    /// server answers (the control's `data-url`, built by the core).
    OpenAlternative = "open-alternative";
    /// Open the network's login page (a captive portal) in a new tab.
    OpenLoginPage = "open-login-page";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_round_trip() {
        for &action in Action::ALL {
            assert_eq!(Action::from_id(action.id()), Some(action));
            let same = Action::ALL.iter().filter(|a| a.id() == action.id());
            assert_eq!(same.count(), 1, "{}", action.id());
        }
        assert_eq!(Action::from_id("format-disk"), None);
    }
}
