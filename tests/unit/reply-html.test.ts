import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { AutoReplyArgs, embeddedContent } from "../../schemas";

/** "Text only, no images": every way HTML can show an image or load remote content is refused. */

/** Formatted text a person writes: paragraphs, emphasis, links, tables, colours. Never an image. */
const text = fc.stringMatching(/^[A-Za-z0-9 .,:;!?'()-]{0,24}$/);
const safeDocument: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    text,
    fc.constant("<br>"),
    fc.tuple(fc.constantFrom("p", "b", "i", "em", "strong", "div", "span", "u", "td", "blockquote"), fc.array(tie("node"), { maxLength: 3 })).map(
      ([tag, children]) => `<${tag}>${children.join("")}</${tag}>`,
    ),
    fc.tuple(text, fc.array(tie("node"), { maxLength: 2 })).map(([label, children]) => `<a href="https://contoso.com/${encodeURIComponent(label)}">${label}${children.join("")}</a>`),
    fc.tuple(fc.constantFrom("color: red", "font-weight: bold", "margin: 0 4px", "font-family: 'Segoe UI'"), tie("node")).map(
      ([css, child]) => `<span style="${css}">${child}</span>`,
    ),
  ),
})).node;

/** Each way of embedding, in the spellings that slipped past a pattern search. */
const EMBEDDINGS = [
  '<img src="logo.png">',
  "<IMG SRC=logo.png>",
  "<img/src=logo.png>",
  '<img srcset="a.png 1x, b.png 2x">',
  '<svg><image href="logo.png"/></svg>',
  '<svg viewBox="0 0 10 10"><rect width="10" height="10"/></svg>',
  '<picture><source srcset="logo.webp"></picture>',
  '<object data="logo.svg"></object>',
  '<embed src="logo.svg">',
  '<iframe src="https://tracker.example/pixel"></iframe>',
  '<video poster="still.png"></video>',
  '<table><tr><td background="paper.png">x</td></tr></table>',
  '<body background="paper.png">',
  '<div style="background: url(paper.png)">x</div>',
  "<div style=\"background-image:URL( 'paper.png' )\">x</div>",
  '<div style="background: u\\72l(paper.png)">x</div>',
  '<div style="background: url&#40;paper.png)">x</div>',
  '<p style="background-image: image-set(\'a.png\' 1x)">x</p>',
  "<style>p { background: url(paper.png) }</style>",
  '<style>@import "https://tracker.example/a.css";</style>',
  '<link rel="stylesheet" href="https://tracker.example/a.css">',
  '<a href="data:image/png;base64,iVBORw0KGgo=">x</a>',
  '<script src="https://tracker.example/a.js"></script>',
] as const;

/** Upper and lower case mixed at random in tag and attribute names, as HTML allows. */
const mixedCase = (s: string, flips: boolean[]) =>
  s.replace(/<\/?[a-z]+|\s[a-z-]+=/gi, (m) => [...m].map((c, i) => (flips[i % flips.length] ? c.toUpperCase() : c.toLowerCase())).join(""));

describe("text-only automatic replies, for any HTML", () => {
  it("formatted text without images is accepted", () => {
    fc.assert(
      fc.property(fc.array(safeDocument, { maxLength: 4 }), (parts) => embeddedContent(parts.join("")) === undefined),
      { numRuns: 300 },
    );
  });

  it("an image or remote content anywhere in formatted text is refused, whatever the letter case", () => {
    fc.assert(
      fc.property(safeDocument, fc.constantFrom(...EMBEDDINGS), safeDocument, fc.array(fc.boolean(), { minLength: 1, maxLength: 7 }), (before, embedding, after, flips) => {
        const html = `${before}<div>${mixedCase(embedding, flips)}</div>${after}`;
        return embeddedContent(html) !== undefined;
      }),
      { numRuns: 500 },
    );
  });

  it.each(EMBEDDINGS)("%s is refused with a message that names what to remove", (embedding) => {
    const r = AutoReplyArgs.safeParse({ mailbox: "desk@contoso.com", state: "Enabled", internalMessage: `Closed today. ${embedding}` });
    expect(r.success).toBe(false);
    expect(r.error!.issues[0].path).toEqual(["internalMessage"]);
    expect(r.error!.issues[0].message).toMatch(/^automatic replies are text only: remove the .+ \(no images or remote content\)$/);
  });

  it("says which element or attribute it found", () => {
    expect(embeddedContent("<p>Hi <svg><image href='x.png'/></svg></p>")).toBe("the <svg> element");
    expect(embeddedContent('<td background="x.png">')).toBe("the background attribute of <td>");
    expect(embeddedContent('<span style="background:url(x)">')).toBe("the url(...) in the style of <span>");
    expect(embeddedContent("<style>a{background:url(x)}</style>")).toBe("the url(...) in the <style> element");
  });

  it("words that only look like markup in plain text are text", () => {
    expect(embeddedContent("Use url(...) in your CSS; images are in data:image/ form.")).toBeUndefined();
    expect(embeddedContent("a < b and c > d & e")).toBeUndefined();
  });
});
