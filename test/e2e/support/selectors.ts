/**
 * The VS Code 1.100 workbench's DOM, as the suite finds things in it. Kept in one place: a VS Code update that
 * renames a class breaks one line here, not every helper.
 */
export const SELECTOR = {
  statusbar: '#workbench\\.parts\\.statusbar',
  statusbarItem: '#workbench\\.parts\\.statusbar .statusbar-item',
  problems: '#status\\.problems',
  cursorPosition: '#status\\.editor\\.selection',
  activeGroup: '.editor-group-container.active',
  activeTab: '.editor-group-container.active .tab.active',
  anyTab: '.tabs-container .tab',
  quickInput: '.quick-input-widget',
  quickInputBox: '.quick-input-widget .quick-input-box input',
  quickInputRow: '.quick-input-widget .quick-input-list .monaco-list-row',
  quickInputRowLabel: '.label-name',
  dialogButton: '.monaco-dialog-box .monaco-button',
  hover: '.monaco-hover:not(.hidden)',
  actionWidget: '.action-widget',
  actionRow: '.action-widget .monaco-list-row.action',
  toastMessage: '.notifications-toasts .notification-toast .notification-list-item-message',
  activeTerminalRows: '.terminal-wrapper.active .xterm-rows',
} as const;

/** The editor of the active group; its `.view-lines` hold one `.view-line` per visible line. */
export const ACTIVE_EDITOR = `${SELECTOR.activeGroup} .editor-container .monaco-editor`;
