/**
 * The little of the DOM that the page-side callbacks (`locator.evaluate`) use. The project compiles without the
 * DOM library (it is Node code), so these callbacks name their parameters with these shapes instead.
 */
export interface PageElement {
  readonly id: string;
  readonly innerText: string;
  readonly textContent: string | null;
  readonly style: { readonly top: string };
  readonly scrollHeight: number;
  readonly clientHeight: number;
  getAttribute(name: string): string | null;
  matches(selector: string): boolean;
  getBoundingClientRect(): { readonly top: number; readonly bottom: number };
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
}

export interface PageImage extends PageElement {
  readonly complete: boolean;
  readonly naturalWidth: number;
}

/** What a hover, a webview or a preview shows: its text and the `src` of its pictures. */
export interface RenderedContent {
  text: string;
  /** data: URIs for the extension's rendered grids. */
  images: string[];
}
