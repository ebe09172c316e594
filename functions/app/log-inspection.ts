/**
 * An inspector logs an inspection, and its process starts. Its dates (day 1, or the first and last day on site) are
 * within a year of today, London (core/date-bounds): checked with the local authorities, before anything is written.
 *
 * Idempotent by the client's key: the id is derived from the caller and the key, so a retry finds the record it
 * created (`created: false`, same id) and a different inspection under the same key is a conflict. The run is
 * started on every success, created or replayed: the start is idempotent by execution name, and this heals a crash
 * between the write and the start.
 *
 * `followUpOf` names the earlier inspection whose return inspection this is (the full inspection after an inadequate
 * judgement, an RFC's next inspection): that deadline on the earlier record is marked done on this inspection's
 * first day, so its run does not escalate it. Checked before anything is written; marked after the record is
 * written, again on every replay (the same healing as the start).
 */
import { createHash } from 'node:crypto';
import { repository, type LoggingClaim } from '../adapters/repository';
import { workflows } from '../adapters/workflows';
import { formatLondonDate, londonDateOf, type LocalDate } from '../core/calendar';
import { outsideInspectionDateWindow } from '../core/date-bounds';
import { notInDirectory, unknownPlacingAuthorities } from '../core/alerts';
import { canonicalJson } from '../core/canonical-json';
import { AlreadyLoggedError, ConflictError, ValidationError } from '../core/errors';
import { sameInspectionLogged } from '../core/establishment-history';
import { executionNameFor, timelineFor, type InspectionRecord } from '../core/inspection';
import type { LocalAuthorityDirectory } from '../core/local-authorities';
import { announcementRecordedAtLogging, day1NotAWorkingDay, PROCESSES } from '../core/regulations';
import type { FieldError, InspectionLogged } from '../core/schemas';
import { returnInspectionOf, type ReturnInspectionOf } from '../core/return-visits';
import { displayNameOf, type Caller } from './caller';
import { answerStepWait } from './step-waits';
import { timelineView } from './timeline-view';

/** `insp-` and 20 hex digits of sha256(caller | key): the same caller and key always give the same inspection. */
function inspectionIdFor(callerId: string, idempotencyKey: string): string {
  return `insp-${sha256(`${callerId}|${idempotencyKey}`).slice(0, 20)}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** Every local authority code of the body must be in the reference data (the alerts go to its DCS). */
function unknownAuthorities(event: InspectionLogged, directory: LocalAuthorityDirectory): FieldError[] {
  return [
    ...notInDirectory([{ field: 'establishment.hostAuthority', code: event.establishment.hostAuthority }], directory),
    ...unknownPlacingAuthorities(event.children, directory),
  ];
}

/** Assurance visits: day 1 is a working day (the rule is the regulations'). */
function announcedOnWorkingDay(event: InspectionLogged): FieldError[] {
  if (event.process !== 'assurance-visit') return [];
  const problem = day1NotAWorkingDay(event.dates.day1);
  return problem === undefined ? [] : [{ field: 'dates.day1', message: problem }];
}

/** An assurance visit logged once announced records the call (announcementRecordedAtLogging); nothing else is recorded. */
function announcedAtLogging(event: InspectionLogged, now: Date): InspectionRecord['actuals'] {
  if (event.process !== 'assurance-visit') return {};
  const announced = announcementRecordedAtLogging(event.dates.day1, londonDateOf(now));
  return announced === undefined ? {} : { 'assurance-visit': announced };
}

/** Day 1, or the first and last day on site: each within a year of today (London). */
function datesInWindow(event: InspectionLogged, today: LocalDate): FieldError[] {
  return Object.entries(event.dates).flatMap(([name, date]: [string, LocalDate]) => {
    const problem = outsideInspectionDateWindow(date, today);
    return problem === undefined ? [] : [{ field: `dates.${name}`, message: problem }];
  });
}

/**
 * The rules of the days alone (within a year of today; an assurance visit announced on a working day), of a form not
 * yet a whole inspection (its establishment still to be chosen from the register): each day that is a date. So that a
 * form shows them with the register search's answer, not after it (found by a new-user walk: two rounds of errors).
 */
export function loggedDaysProblems(body: { process?: unknown; dates?: unknown }, today: LocalDate): FieldError[] {
  const dates = typeof body.dates === 'object' && body.dates !== null ? (body.dates as Record<string, unknown>) : {};
  const days = Object.fromEntries(Object.entries(dates).filter((entry): entry is [string, LocalDate] => typeof entry[1] === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(entry[1])));
  const event = { process: body.process, dates: days } as InspectionLogged;
  return [...datesInWindow(event, today), ...(typeof days.day1 === 'string' ? announcedOnWorkingDay(event) : [])];
}

/**
 * A body the schema refused, with the days' own rules for each day it found no fault with: every problem in one answer
 * (found by a new-user walk: initials refused first, then, sent again, a day more than a year ahead).
 */
export function withDaysProblems(errors: readonly FieldError[], body: { process?: unknown; dates?: unknown }, today: LocalDate): FieldError[] {
  const faulted = new Set(errors.map((error) => error.field));
  return [...errors, ...loggedDaysProblems(body, today).filter((problem) => !faulted.has(problem.field))];
}

/**
 * The lead inspector is whoever logs the inspection (their identity, never a body field: access.ts decides who may
 * change it from this). A body may still name them, for older clients, but only as the caller's own id.
 */
function leadInspectorIsCaller(event: InspectionLogged, caller: Caller): FieldError[] {
  if (event.inspectorId === undefined || event.inspectorId === caller.id) return [];
  return [{ field: 'inspectorId', message: `must be your own staff id ("${caller.id}") or left out: the lead inspector is whoever logs the inspection` }];
}

/** The lead inspector's name in letters: the caller's name, else the local part of their email (at most 200 characters). */
function inspectorName(caller: Caller): string {
  return displayNameOf(caller).slice(0, 200);
}

/**
 * The earlier inspection this one returns to, and the deadline it discharges there. A replay (this inspection
 * already written) is not checked again: the deadline it discharged is no longer due.
 */
async function returnTo(event: InspectionLogged, id: string): Promise<{ original: InspectionRecord; discharges: ReturnInspectionOf } | undefined> {
  const originalId = 'followUpOf' in event ? event.followUpOf : undefined;
  if (originalId === undefined || event.process === 'assurance-visit') return undefined;
  const original = await repository().getInspection(originalId);
  if (!original) throw new ValidationError([{ field: 'followUpOf', message: `no inspection ${originalId}` }]);
  if (original.withdrawal) {
    throw new ValidationError([{ field: 'followUpOf', message: `must be an inspection that stands: ${originalId} was withdrawn (logged by mistake), so nothing returns to it` }]);
  }
  const found = returnInspectionOf(original, event);
  if (found.ok) return { original, discharges: found.value };
  const replayed = await repository().getInspection(id);
  if (replayed?.followUpOf === originalId) return undefined;
  throw new ValidationError([found.error]);
}

/**
 * Marks the earlier inspection's deadline done on this inspection's first day, in each timeline showing it, once, and
 * answers the earlier run's wait for it (which escalates the deadline until then). Should the answer be lost, the wait
 * finds the step done when it next times out and waits again (await-step reads the record).
 */
async function dischargeReturnVisit(record: InspectionRecord, original: InspectionRecord, discharges: ReturnInspectionOf, at: string) {
  if (!('inspectionStart' in record.dates)) return;
  const { stepId, visit, processes } = discharges;
  const carriedOut = record.dates.inspectionStart;
  const pending = processes.filter((process) => !original.actuals[process]?.[stepId]);
  for (const process of pending) await repository().recordActual(original.id, process, stepId, carriedOut, at);
  if (pending.length > 0) {
    await repository().audit(original.id, {
      at,
      actor: record.loggedBy,
      event: 'return-inspection-logged',
      detail: { process: processes[0], stepId, visit, inspectionId: record.id },
    });
  }
  for (const process of processes) await answerStepWait(original.id, process, stepId, original.actuals[process]?.[stepId] ?? carriedOut);
}

/** The same inspection logged already (the same home on overlapping days, another request): refused, naming it. */
function loggedAlready(event: InspectionLogged, id: string, records: readonly InspectionRecord[]): FieldError[] {
  const twin = sameInspectionLogged(records, event, id);
  return twin ? overlapping(event, twin) : [];
}

/**
 * The earlier inspection a full or family centre inspection logged without `followUpOf` is the return inspection of:
 * the one standing inspection of the establishment with such a return still due (a return full inspection, the full
 * inspection within 16 weeks, the next inspection of a family centre), which it discharges as if named. Found by a
 * new-user walk: the plan counted the inspection as the return, while the earlier inspection kept waiting for it and
 * escalated. None when none is due, or when several are (the form then asks which).
 */
function impliedReturnOf(event: InspectionLogged, id: string, records: readonly InspectionRecord[]): string | undefined {
  if (event.process !== 'full-inspection' && event.process !== 'rfc-inspection') return undefined;
  if (event.followUpOf !== undefined) return undefined;
  const logged = { process: event.process, establishment: event.establishment, dates: event.dates };
  const due = records.filter((record) => record.id !== id && !record.withdrawal && returnInspectionOf(record, logged).ok);
  return due.length === 1 ? due[0]!.id : undefined;
}

/** How many times a log claims its days when other logs of the home keep claiming theirs first. */
const CLAIM_ATTEMPTS = 5;
/** A claim whose inspection was never written (its request failed) stands this long: a request still running. */
const CLAIM_IN_FLIGHT_MS = 5 * 60_000;
/** Claims are kept this long: past any lag of the inspections' index. */
const CLAIMS_KEPT_MS = 24 * 3_600_000;

/**
 * Two logs of the same home on the same days at the same moment each pass loggedAlready: neither is written yet (and on
 * AWS the inspections' index is read eventually consistent). So each claims its days first, on the establishment's
 * claims (one item, written at a version): checked against the claims of the logs before it, and written only if no
 * other log wrote them meanwhile, else read and checked again. The second of two such logs is refused as a duplicate
 * of the first. The same request sent again finds its own claim and writes nothing (nor does a replay with another
 * body, which is then refused as a conflict).
 */
async function claimDays(inspection: InspectionRecord, now: Date): Promise<void> {
  const urn = inspection.establishment.urn;
  const at = now.toISOString();
  for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt += 1) {
    const { version, claims } = await repository().loggingClaims(urn);
    const others = claims.filter((claim) => claim.inspection.id !== inspection.id && now.getTime() - Date.parse(claim.at) < CLAIMS_KEPT_MS);
    const twin = sameInspectionLogged(await claimedInspections(others, now), inspection, inspection.id);
    if (twin) throw new AlreadyLoggedError(overlapping(inspection, twin));
    if (claims.some((claim) => claim.inspection.id === inspection.id)) return;
    if (await repository().claimLogging(urn, version, [...others, { inspection: { ...inspection, children: [] }, at }])) return;
  }
  throw new ConflictError('other inspections of this establishment were being logged at the same moment: send the same request again');
}

/** The inspections claimed: as written, else as claimed while their request may still be running. */
async function claimedInspections(claims: readonly LoggingClaim[], now: Date): Promise<InspectionRecord[]> {
  const inspections: InspectionRecord[] = [];
  for (const claim of claims) {
    const written = await repository().getInspection(claim.inspection.id);
    if (written) inspections.push(written);
    else if (now.getTime() - Date.parse(claim.at) < CLAIM_IN_FLIGHT_MS) inspections.push(claim.inspection);
  }
  return inspections;
}

/** The refusal of `event`, which overlaps `twin`, an inspection of the same establishment already logged. */
function overlapping(event: Pick<InspectionLogged, 'dates'>, twin: InspectionRecord): FieldError[] {
  const days = 'day1' in twin.dates ? `day 1 ${formatLondonDate(twin.dates.day1)}` : `${formatLondonDate(twin.dates.inspectionStart)} to ${formatLondonDate(twin.dates.inspectionEnd)}`;
  return [
    {
      field: 'day1' in event.dates ? 'dates.day1' : 'dates.inspectionStart',
      message: `overlaps inspection ${twin.id} of this establishment (${PROCESSES[twin.process].title}, ${days}), already logged: an establishment is not inspected twice at once, so open that one, or ask a manager to withdraw it if it was logged by mistake`,
    },
  ];
}

/** Logs the inspection and starts its run; `created` is false when the same caller and key logged it before. */
export async function logInspection(sent: InspectionLogged, caller: Caller, now: Date) {
  const id = inspectionIdFor(caller.id, sent.idempotencyKey);
  const records = await repository().inspectionsOfEstablishment(sent.establishment.urn);
  // The return inspection of the one earlier inspection waiting for it, when the request does not name it.
  const implied = impliedReturnOf(sent, id, records);
  const event: InspectionLogged = implied === undefined ? sent : { ...sent, followUpOf: implied } as InspectionLogged;
  // Every problem in one answer: the body's own rules, then the earlier inspection it returns to (both only read).
  const problems = [
    ...leadInspectorIsCaller(event, caller),
    ...unknownAuthorities(event, await repository().listLocalAuthorities()),
    ...loggedDaysProblems(event, londonDateOf(now)),
  ];
  const twin = loggedAlready(event, id, records);
  const returning = await returnTo(event, id).catch((error: unknown) => {
    throw error instanceof ValidationError ? new ValidationError([...problems, ...twin, ...error.errors]) : error;
  });
  // Bad input first (a 400 naming every field); the same inspection logged already, alone, is a conflict (409).
  if (problems.length > 0) throw new ValidationError([...problems, ...twin]);
  if (twin.length > 0) throw new AlreadyLoggedError(twin);
  const at = now.toISOString();
  // Hashed without the lead inspector's id: naming yourself or leaving it out is the same request.
  const { inspectorId: _named, ...logged } = sent;
  const candidate: InspectionRecord = {
    id,
    process: event.process,
    idempotencyKey: event.idempotencyKey,
    requestHash: sha256(canonicalJson(logged)),
    establishment: event.establishment,
    provider: event.provider,
    inspectorId: caller.id,
    inspectorName: inspectorName(caller),
    loggedBy: caller.id,
    dates: event.dates,
    children: event.children,
    status: 'awaiting-outcome',
    createdAt: at,
    updatedAt: at,
    actuals: announcedAtLogging(event, now),
    decisions: {},
    scheduled: {},
    followUps: {},
    ...('followUpOf' in event && event.followUpOf !== undefined ? { followUpOf: event.followUpOf } : {}),
    // The lead inspector is whoever logs the inspection (inspectorId above), whether or not the body names them:
    // escalations of their own steps (judgements, reports, visits) and replies to the alert reach them at the address
    // they signed in with.
    ...(caller.email ? { inspectorEmail: caller.email } : {}),
    executionName: executionNameFor(id, event.process),
  };

  await claimDays(candidate, now);
  const stored = await repository().createInspection(candidate);
  if (!stored.created && stored.existing.requestHash !== candidate.requestHash) {
    throw new ConflictError('idempotencyKey: was used before for a different inspection: send a new key to log another one (the same key with the same body is answered as the first time)');
  }
  const record = stored.created ? stored.record : stored.existing;
  if (returning) await dischargeReturnVisit(record, returning.original, returning.discharges, at);

  await workflows().startProcess({
    processId: record.process,
    executionName: record.executionName,
    input: { inspectionId: record.id },
  });

  return {
    created: stored.created,
    inspection: {
      id: record.id,
      process: record.process,
      status: record.status,
      executionName: record.executionName,
      // The earlier inspection it is the return inspection of, named or found (impliedReturnOf).
      ...(record.followUpOf === undefined ? {} : { followUpOf: record.followUpOf }),
      timeline: timelineView(timelineFor(record, record.process), now),
    },
  };
}
