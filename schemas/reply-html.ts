import { Parser } from "htmlparser2";

/**
 * "Text only, no images" for automatic replies, as one rule for the provider's check, the YAML
 * format and the tenant. The message is parsed as HTML (htmlparser2, the way a mail client would
 * read it) rather than searched with a pattern, so that upper case, odd spacing, entities and
 * nesting (`<svg><image>`) cannot hide an image. Refused: every element that shows an image or
 * loads remote content, every attribute that does, and CSS that does.
 */

/** Elements that are, or load, an image, media or another document. */
const EMBEDDING_ELEMENTS = new Set([
  "img", "image", "svg", "picture", "source", "object", "embed", "iframe", "frame", "frameset",
  "video", "audio", "track", "canvas", "applet", "link", "base", "script",
]);

/** Attributes that load something, on any element. */
const LOADING_ATTRIBUTES = new Set(["src", "srcset", "background", "poster", "lowsrc", "dynsrc", "data", "xlink:href", "codebase", "imagesrcset"]);

/** CSS that loads an image or another resource; escapes and comments are undone before looking. */
const CSS_LOADS = /url\s*\(|image-set\s*\(|(?:^|[^a-z-])image\s*\(|@import|expression\s*\(|-moz-element\s*\(|element\s*\(/i;

function plainCss(css: string): string {
  return css
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\\([0-9a-f]{1,6})\s?/gi, (_, hex: string) => String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff) || 0xfffd))
    .replace(/\\(.)/g, "$1");
}

/**
 * What in this message shows an image or loads remote content, described for the person who
 * wrote it (e.g. "the <img> element", "the background attribute of <td>"); undefined when it is
 * text only.
 */
export function embeddedContent(html: string): string | undefined {
  let found: string | undefined;
  let inStyle = false;
  let styleText = "";
  const note = (what: string) => (found ??= what);
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (EMBEDDING_ELEMENTS.has(name)) note(`the <${name}> element`);
        if (name === "style") {
          inStyle = true;
          styleText = "";
        }
        for (const [attribute, value] of Object.entries(attributes)) {
          if (LOADING_ATTRIBUTES.has(attribute)) note(`the ${attribute} attribute of <${name}>`);
          else if (attribute === "style" && CSS_LOADS.test(plainCss(value))) note(`the url(...) in the style of <${name}>`);
          else if (/data:\s*image\//i.test(value.replace(/\s+/g, ""))) note(`the data:image/ address in the ${attribute} of <${name}>`);
        }
      },
      ontext(text) {
        if (inStyle) styleText += text;
      },
      onclosetag(name) {
        if (name === "style") {
          inStyle = false;
          if (CSS_LOADS.test(plainCss(styleText))) note("the url(...) in the <style> element");
        }
      },
    },
    { lowerCaseTags: true, lowerCaseAttributeNames: true, decodeEntities: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  // A <style> left open still counts.
  if (inStyle && CSS_LOADS.test(plainCss(styleText))) note("the url(...) in the <style> element");
  return found;
}
