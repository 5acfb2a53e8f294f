import type { DocumentKind, Locale } from '@stride/contracts';
import Docxtemplater from 'docxtemplater';
import { and, eq } from 'drizzle-orm';
import PizZip from 'pizzip';
import type { DbOrTx } from '../../db/client';
import { documentTemplates } from '../../db/schema';
import { type FieldError, fail } from '../../lib/errors';
import { type DocumentData, placeholderCatalog } from './data';
import { defaultTemplate } from './defaults';

/**
 * Tags are paths into the data: {person.name}, {from.unit}. Inside a loop, {name} reads the current item
 * first and then the enclosing scopes (docxtemplater walks the scopes outwards while a value is undefined).
 */
function pathParser(tag: string): Docxtemplater.DXT.Parser {
  const trimmed = tag.trim();
  const path = trimmed === '.' ? [] : trimmed.split('.');
  return {
    get(scope: unknown) {
      let v = scope;
      for (const key of path) {
        if (v === null || typeof v !== 'object' || !Object.hasOwn(v, key)) return undefined;
        v = (v as Record<string, unknown>)[key];
      }
      return v;
    },
  };
}

const options = {
  paragraphLoop: true,
  linebreaks: true,
  parser: pathParser,
  // A value the data does not hold prints as nothing, never as "undefined".
  nullGetter: () => '',
  // Errors are answered to the caller in their language; docxtemplater would also print them to stdout.
  errorLogging: false,
};

class NotDocx extends Error {}

function openZip(content: Buffer): PizZip {
  let zip: PizZip;
  try {
    zip = new PizZip(content);
  } catch {
    throw new NotDocx();
  }
  if (!zip.file('word/document.xml') || !zip.file('[Content_Types].xml')) throw new NotDocx();
  return zip;
}

interface TemplateErrorPart {
  properties?: {
    id?: string;
    xtag?: string;
    openingtag?: string;
    closingtag?: string;
    explanation?: string;
    errors?: TemplateErrorPart[];
    file?: string;
  };
  message?: string;
}

type Texts = Record<Locale, (p: NonNullable<TemplateErrorPart['properties']>) => string>;
const errorTexts: Record<string, Texts> = {
  unclosed_tag: {
    'zh-CN': (p) => `标签“{${p.xtag ?? ''}”缺少右花括号 }`,
    'en-US': (p) => `The tag “{${p.xtag ?? ''}” is not closed with }`,
  },
  unopened_tag: {
    'zh-CN': (p) => `“${p.xtag ?? ''}}”多了右花括号 }，缺少对应的左花括号 {`,
    'en-US': (p) => `“${p.xtag ?? ''}}” has a closing } without an opening {`,
  },
  duplicate_open_tag: {
    'zh-CN': (p) => `标签“${p.xtag ?? ''}”有重复的左花括号 {`,
    'en-US': (p) => `The tag “${p.xtag ?? ''}” has a duplicate opening {`,
  },
  duplicate_close_tag: {
    'zh-CN': (p) => `标签“${p.xtag ?? ''}”有重复的右花括号 }`,
    'en-US': (p) => `The tag “${p.xtag ?? ''}” has a duplicate closing }`,
  },
  unclosed_loop: {
    'zh-CN': (p) => `循环或条件“{#${p.xtag ?? ''}}”缺少结束标签“{/${p.xtag ?? ''}}”`,
    'en-US': (p) => `The loop or condition “{#${p.xtag ?? ''}}” has no closing “{/${p.xtag ?? ''}}”`,
  },
  unopened_loop: {
    'zh-CN': (p) => `结束标签“{/${p.xtag ?? ''}}”没有对应的开始标签“{#${p.xtag ?? ''}}”`,
    'en-US': (p) => `The closing tag “{/${p.xtag ?? ''}}” has no opening “{#${p.xtag ?? ''}}”`,
  },
  closing_tag_does_not_match_opening_tag: {
    'zh-CN': (p) => `开始标签“{#${p.openingtag ?? ''}}”与结束标签“{/${p.closingtag ?? ''}}”不匹配`,
    'en-US': (p) => `The opening tag “{#${p.openingtag ?? ''}}” does not match the closing “{/${p.closingtag ?? ''}}”`,
  },
  unbalanced_loop_tags: {
    'zh-CN': () => '循环或条件标签交叉嵌套，请按“先开后闭、后开先闭”的顺序排列',
    'en-US': () => 'Loop or condition tags overlap; close the inner one before the outer one',
  },
  raw_xml_tag_should_be_only_text_in_paragraph: {
    'zh-CN': (p) => `不支持原始 XML 标签“{@${p.xtag ?? ''}}”`,
    'en-US': (p) => `Raw XML tags such as “{@${p.xtag ?? ''}}” are not supported`,
  },
  raw_tag: {
    'zh-CN': (p) => `不支持原始 XML 标签“{@${p.xtag ?? ''}}”`,
    'en-US': (p) => `Raw XML tags such as “{@${p.xtag ?? ''}}” are not supported`,
  },
  loop_position_invalid: {
    'zh-CN': (p) => `循环或条件“${p.xtag ?? ''}”的开始与结束标签位置不当（如分处表格内外）`,
    'en-US': (p) =>
      `The loop or condition “${p.xtag ?? ''}” opens and closes in incompatible places (e.g. across a table)`,
  },
  malformed_xml: {
    'zh-CN': () => '文档内容的 XML 结构已损坏',
    'en-US': () => 'The document’s XML is malformed',
  },
};

/** A docxtemplater compile error as a field error in the caller's language (field: the tag or "template"). */
function describe(e: TemplateErrorPart, locale: Locale): FieldError {
  const p = e.properties ?? {};
  const id = p.id ?? 'template_error';
  const text = errorTexts[id]?.[locale](p);
  const fallback =
    locale === 'zh-CN'
      ? `模板格式错误：${p.explanation ?? e.message ?? id}`
      : `Template error: ${p.explanation ?? e.message ?? id}`;
  return {
    field: p.xtag ?? p.openingtag ?? 'template',
    code: `TEMPLATE_${id.toUpperCase()}`,
    message: text ?? fallback,
  };
}

function compile(zip: PizZip, locale: Locale): Docxtemplater {
  try {
    return new Docxtemplater(zip, options);
  } catch (error) {
    const e = error as TemplateErrorPart;
    const parts = e.properties?.errors?.length ? e.properties.errors : [e];
    const fields = parts.map((p) => describe(p, locale));
    return fail('DOCUMENT_TEMPLATE_INVALID', fields);
  }
}

interface TagPart {
  type: string;
  value?: string;
  module?: string;
  subparsed?: TagPart[];
}

/** Every tag of the template, as written: loops and conditions with their paths, nested ones within. */
function unknownTags(kind: DocumentKind, parts: TagPart[]): string[] {
  const catalog = new Map(placeholderCatalog[kind].map((p) => [p.key, p]));
  const unknown = new Set<string>();
  // loops: the catalog keys of the enclosing loops, innermost last.
  const walk = (list: TagPart[], loops: string[]) => {
    for (const part of list) {
      if (part.type !== 'placeholder' || part.value === undefined) continue;
      const tag = part.value.trim();
      // Resolve like the renderer: the current loop item first, then the enclosing ones, then the root.
      let key: string | undefined;
      for (let i = loops.length; i >= 0 && !key; i--) {
        const candidate = i === 0 ? tag : `${loops[i - 1]}.${tag}`;
        if (catalog.has(candidate)) key = candidate;
      }
      if (!key) unknown.add(tag);
      if (part.subparsed) {
        const isLoop = key !== undefined && catalog.get(key)?.loop === true;
        walk(part.subparsed, isLoop ? [...loops, key as string] : loops);
      }
    }
  };
  walk(parts, []);
  return [...unknown];
}

function rawTags(parts: TagPart[]): string[] {
  const found: string[] = [];
  const walk = (list: TagPart[]) => {
    for (const part of list) {
      if (part.type === 'placeholder' && part.module === 'rawxml') found.push(part.value ?? '');
      if (part.subparsed) walk(part.subparsed);
    }
  };
  walk(parts);
  return found;
}

/** A DOCX of up to 5 MB that unpacks to more than this is not a template (a zip bomb). */
const MAX_UNPACKED_BYTES = 100 * 1024 * 1024;

/** The zip of a DOCX, or DOCUMENT_TEMPLATE_NOT_DOCX (PAYLOAD_TOO_LARGE when it would unpack to too much). */
function docxZip(content: Buffer): PizZip {
  let zip: PizZip;
  try {
    zip = openZip(content);
  } catch {
    return fail('DOCUMENT_TEMPLATE_NOT_DOCX');
  }
  // The sizes the zip declares, read before anything is inflated.
  const unpacked = Object.values(zip.files).reduce(
    (sum, f) => sum + ((f as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0),
    0,
  );
  if (unpacked > MAX_UNPACKED_BYTES) fail('PAYLOAD_TOO_LARGE');
  return zip;
}

/**
 * Checks an uploaded template for a kind, or fails with a specific error: not a DOCX
 * (DOCUMENT_TEMPLATE_NOT_DOCX), tags that do not parse (DOCUMENT_TEMPLATE_INVALID, one field error each),
 * or tags the kind does not offer (DOCUMENT_TEMPLATE_UNKNOWN_PLACEHOLDER, one field error each).
 */
export function validateTemplate(kind: DocumentKind, content: Buffer, locale: Locale): void {
  const doc = compile(docxZip(content), locale);
  // The parsed tags of every templated part (body, headers, footers, footnotes): docxtemplater keeps them per
  // file once compiled (its InspectModule reads the same structure).
  const compiled = (doc as unknown as { compiled: Record<string, { postparsed?: TagPart[] }> }).compiled;
  const parts = Object.values(compiled).flatMap((f) => f.postparsed ?? []);
  const raw = rawTags(parts);
  if (raw.length)
    fail(
      'DOCUMENT_TEMPLATE_INVALID',
      raw.map((xtag) => describe({ properties: { id: 'raw_tag', xtag } }, locale)),
    );
  const unknown = unknownTags(kind, parts);
  if (unknown.length)
    fail(
      'DOCUMENT_TEMPLATE_UNKNOWN_PLACEHOLDER',
      unknown.map((tag) => ({
        field: tag,
        code: 'UNKNOWN_PLACEHOLDER',
        message:
          locale === 'zh-CN'
            ? `“{${tag}}”不是此类文书可用的占位符`
            : `“{${tag}}” is not a placeholder this kind of document offers`,
      })),
    );
}

/** Fills a template with data; the result is a DOCX. */
export function fillTemplate(content: Buffer, data: object, locale: Locale = 'zh-CN'): Buffer {
  const doc = compile(docxZip(content), locale);
  try {
    doc.render(data);
  } catch {
    return fail('DOCUMENT_TEMPLATE_RENDER_FAILED');
  }
  return doc.toBuffer({ compression: 'DEFLATE' });
}

/** The template an organization uses for a kind: its own upload, or Stride's built-in one. */
export async function currentTemplate(
  db: DbOrTx,
  orgId: string,
  kind: DocumentKind,
): Promise<{ custom: true; content: Buffer; fileName: string; version: number } | { custom: false; content: Buffer }> {
  const [row] = await db
    .select({
      content: documentTemplates.content,
      fileName: documentTemplates.fileName,
      version: documentTemplates.version,
    })
    .from(documentTemplates)
    .where(and(eq(documentTemplates.orgId, orgId), eq(documentTemplates.kind, kind)));
  if (row) return { custom: true, content: Buffer.from(row.content), fileName: row.fileName, version: row.version };
  return { custom: false, content: await defaultTemplate(kind) };
}

/**
 * A document of a kind for an organization, as DOCX bytes: the organization's own template when it uploaded
 * one, else Stride's built-in template, filled with the data (missing values print as nothing).
 */
export async function renderDocument<K extends DocumentKind>(
  db: DbOrTx,
  orgId: string,
  kind: K,
  data: DocumentData[K],
): Promise<Buffer> {
  const template = await currentTemplate(db, orgId, kind);
  return fillTemplate(template.content, data);
}
