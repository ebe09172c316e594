/**
 * The seed paragraphs every rule, explanation and email cites, each defined once. A rule names its source here
 * (`SCCIF_15_3`, `ASSURANCE_NEXT_STEPS`, `homesFramework('§71')`); text shows it with `describeSource` (the document's
 * full title, in emails and timelines) or `cite` / `citeSources` (the short form, in messages: "SCCIF 15.3").
 */
import type { Source, SourceDocument } from './types';

// SCCIF: children's homes, section 15 "Inadequate judgements: next steps"
/** 15.1: the urgent case review, the return visit and the monitoring outcomes. */
export const SCCIF_15_1: Source = { document: 'sccif-15', paragraph: '15.1' };
/** 15.2: a secure children's home judged inadequate: DfE is informed. */
export const SCCIF_15_2: Source = { document: 'sccif-15', paragraph: '15.2' };
/** 15.3: the DCS of every placing authority and of the host authority, by the end of the next working day. */
export const SCCIF_15_3: Source = { document: 'sccif-15', paragraph: '15.3' };
/** 15.4: whoever placed a child who is not looked after is alerted instead of a placing authority. */
export const SCCIF_15_4: Source = { document: 'sccif-15', paragraph: '15.4' };

// Assurance visits: secure children's homes (2021), by section heading
export const ASSURANCE_TIMEFRAME: Source = { document: 'assurance-visits-2021', paragraph: 'Timeframe' };
export const ASSURANCE_START: Source = { document: 'assurance-visits-2021', paragraph: 'The start of the visit' };
export const ASSURANCE_NEXT_STEPS: Source = {
  document: 'assurance-visits-2021',
  paragraph: 'Serious and widespread concerns: next steps',
};

/** A paragraph of the children's homes framework (2015), e.g. `homesFramework('§71')`. */
export function homesFramework(paragraph: string): Source {
  return { document: 'childrens-homes-framework-2015', paragraph };
}

/** A paragraph of the residential family centres framework (2014), e.g. `rfcFramework('§45')`. */
export function rfcFramework(paragraph: string): Source {
  return { document: 'rfc-framework-2014', paragraph };
}

/** Documents cited by section heading rather than by number: the short form quotes the heading. */
const CITED_BY_HEADING: ReadonlySet<SourceDocument> = new Set(['assurance-visits-2021']);

const SHORT_DOCUMENT_NAMES: Record<SourceDocument, string> = {
  'childrens-homes-framework-2015': "Children's homes framework 2015",
  'rfc-framework-2014': 'Residential family centres framework 2014',
  'sccif-15': 'SCCIF',
  'assurance-visits-2021': 'Assurance visits guidance 2021',
};

/** "Children's homes framework 2015 §76; SCCIF 15.1": paragraphs of one document are grouped. */
export function citeSources(sources: readonly Source[]): string {
  const byDocument = new Map<SourceDocument, string[]>();
  for (const source of sources) {
    const paragraphs = byDocument.get(source.document) ?? [];
    paragraphs.push(CITED_BY_HEADING.has(source.document) ? `"${source.paragraph}"` : source.paragraph);
    byDocument.set(source.document, paragraphs);
  }
  return [...byDocument]
    .map(([document, paragraphs]) => `${SHORT_DOCUMENT_NAMES[document]} ${paragraphs.join(', ')}`)
    .join('; ');
}

/** One paragraph in the short form messages use: "SCCIF 15.3". */
export function cite(source: Source): string {
  return citeSources([source]);
}

/**
 * Why a manager may change a return visit's window: "The timing and nature of subsequent inspection and monitoring
 * visits following a judgement of inadequate will be determined ... on a case-by-case basis" (§71; SCCIF 15.1 says the
 * same). The step's "Rule set by" and the lead inspector's email cite it alike.
 */
export const VISIT_TIMING_CASE_BY_CASE = {
  sources: [homesFramework('§71'), SCCIF_15_1] as const,
  words: 'the timing of visits after an inadequate judgement is set case by case',
};
