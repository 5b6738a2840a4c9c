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
  /** The title bar of a quick pick a command opens (its question). */
  quickInputTitle: '.quick-input-widget .quick-input-title',
  dialogButton: '.monaco-dialog-box .monaco-button',
  hover: '.monaco-hover:not(.hidden)',
  /**
   * The edges of the visible hover that a user drags to resize it (VS Code keeps the size for later hovers);
   * the edge away from the text is enabled, the other has `disabled`.
   */
  hoverResizeEdge: '.monaco-resizable-hover:has(> .monaco-hover:not(.hidden)) > .monaco-sash.horizontal:not(.disabled)',
  hoverContent: '.monaco-hover-content',
  /**
   * An inlay hint: VS Code 1.100 renders it as injected text inside the line, a span whose only distinctive
   * class is a generated `dyn-rule-<editor>-<n>` (the CSS rule carrying its style); there is no `inlay-hint`
   * class. Puzzles get no other injected text, so in the suite's editors these spans are the hints.
   */
  inlayHint: '[class*="dyn-rule-"]',
  actionWidget: '.action-widget',
  actionRow: '.action-widget .monaco-list-row.action',
  toastMessage: '.notifications-toasts .notification-toast .notification-list-item-message',
  activeTerminalRows: '.terminal-wrapper.active .xterm-rows',
  /** xterm's hidden input: focused when keys typed go to the terminal's process (Ctrl+C among them). */
  focusedTerminalInput: '.terminal-wrapper.active .xterm-helper-textarea:focus',
  anyTerminal: '.terminal-wrapper',
  panel: '#workbench\\.parts\\.panel',
  /** The title of each step of the walkthrough on screen. */
  walkthroughStepTitle: '.gettingStartedContainer .getting-started-step .step-title',
  extensionsViewRow: '.extensions-viewlet .monaco-list-row',
  /** The header of an extension's details page (name, icon, categories live in it). */
  extensionEditor: '.extension-editor',
  /** The actions of the active editor group's title bar (Solve Puzzle, Show Recursion Steps, Split...). */
  editorTitleAction: '.editor-group-container.active .editor-actions .action-label',
} as const;

/** The editor of the active group; its `.view-lines` hold one `.view-line` per visible line. */
export const ACTIVE_EDITOR = `${SELECTOR.activeGroup} .editor-container .monaco-editor`;
