/**
 * A manager decides on an approval, then the run waiting for it is resumed.
 *
 * The decision is parsed once the approval is known, with the options of its kind. Nobody decides on an inspection
 * they led or logged, or whose judgements they recorded or amended (access.ts: four eyes). The decision is stored only while the approval is pending with the task token read (so a
 * decision cannot land on a wait that was re-opened in the meantime: it is retried once against the new token).
 * Answering the run afterwards may find the wait ended (timed out and being re-opened): the decision is stored, and
 * request-approval answers the new wait with it. A late, reused, unknown or forged decision is a 4xx, never a 5xx;
 * the same decision sent again by the same manager is answered as the first was.
 */
import { repository, type Approval } from '../adapters/repository';
import { workflows } from '../adapters/workflows';
import { formatLondonDate, londonDateOf } from '../core/calendar';
import { againstVacantPost } from '../core/enforcement';
import { ConflictError, ForbiddenError, GoneError, NotFoundError, ValidationError } from '../core/errors';
import { fullInspectionReturnRefusal } from '../core/follow-ups';
import { childNamedIn } from '../core/alerts';
import { rationaleKeptWords } from '../core/dfe-notices';
import type { RecordedDecision } from '../core/inspection';
import type { ProcessId } from '../core/regulations';
import { approvalDecisionFor, parseWith, type ApprovalDecision, type ApprovalKind } from '../core/schemas';
import { decisionOutput } from '../core/approvals';
import { DECIDED_BY, decides, KIND_WORDS } from './approval-kinds';
import { fourEyesRefusal } from './access';
import { displayNameOf, type Caller } from './caller';
import { findEstablishment } from './establishments';

export interface DecideApproval {
  approvalId: string;
  /** The decision as sent (a JSON body, a form): which decisions are allowed depends on the approval's kind. */
  decision: unknown;
}

/** The options of a case review depend on the process holding it (no "no further action" after an inadequate judgement). */
function parseDecision(approval: { kind: ApprovalKind; process: ProcessId }, body: unknown): ApprovalDecision {
  const parsed = parseWith(approvalDecisionFor(approval.kind, approval.process), body);
  if (!parsed.ok) throw new ValidationError(parsed.errors);
  return parsed.value;
}

/** Same manager, same decision: a retried request, answered again. */
function isReplay(recorded: RecordedDecision, decision: ApprovalDecision, caller: Caller): boolean {
  return (
    recorded.decidedBy === caller.id &&
    recorded.decision === decision.decision &&
    recorded.rationale === decision.rationale &&
    JSON.stringify(recorded.enforcement) === JSON.stringify(decision.enforcement) &&
    JSON.stringify(recorded.returnVisitWindow) === JSON.stringify(decision.returnVisitWindow)
  );
}

/** Why an approval that is no longer pending cannot take this decision (a replay is not refused). */
function refusal(approval: Approval, decision: ApprovalDecision, caller: Caller): Error | undefined {
  if (approval.status === 'closed') return new GoneError('this approval is closed: the run that asked for it has ended');
  const recorded = approval.decision;
  if (approval.status !== 'decided' || !recorded || isReplay(recorded, decision, caller)) return undefined;
  const by = recorded.decidedBy === caller.id ? 'by you, with a different decision' : 'by another manager';
  return new ConflictError(`already decided on ${formatLondonDate(londonDateOf(recorded.decidedAt))} ${by}`);
}

/** Whether the register has the establishment's registered manager post vacant (false when it is not on the register). */
async function registeredManagerVacant(urn: string): Promise<boolean> {
  return (await findEstablishment(urn))?.registeredManager.status === 'vacant';
}

export async function decideApproval(command: DecideApproval, caller: Caller, now: Date) {
  const id = command.approvalId;
  // Not echoing the id: a forged one may be a task token pasted where an approval id belongs.
  const approval = await repository().getApproval(id);
  if (!approval) throw new NotFoundError('approval not found');
  if (!decides(caller, approval.kind)) {
    throw new ForbiddenError(`the ${KIND_WORDS[approval.kind]} is decided by ${DECIDED_BY[approval.kind].words}`);
  }
  const decision = parseDecision(approval, command.decision);

  // Already decided or closed: say so (409, 410) before anything else – a replay of the decision changes nothing, so
  // what the caller did on the inspection since (e.g. recorded the monitoring visit) does not refuse it.
  const settled = approval.status === 'pending' ? undefined : refusal(approval, decision, caller);
  if (settled instanceof GoneError) {
    // Closed because its inspection was withdrawn (logged by mistake): said (found by a new-user walk).
    const { withdrawal } = await repository().requireInspection(approval.inspectionId);
    if (withdrawal) {
      throw new GoneError(
        `this approval is closed: the inspection was withdrawn on ${formatLondonDate(londonDateOf(withdrawal.withdrawnAt))} by ${withdrawal.withdrawnByName} (logged by mistake), so no decision is needed`,
      );
    }
  }
  if (settled) throw settled;
  if (approval.status === 'pending') {
    const record = await repository().requireInspection(approval.inspectionId);
    const refused = fourEyesRefusal(record, caller);
    if (refused) throw new ForbiddenError(`you cannot approve the ${KIND_WORDS[approval.kind]} of this inspection: ${refused}`);
    // The rationale is quoted to DfE (the proposed actions, assurance visits' next steps; SCCIF 15.2).
    const named = childNamedIn('rationale', decision.rationale, record, rationaleKeptWords(record));
    if (named.length > 0) throw new ValidationError(named);
    // §71: a monitoring visit recorded while the review was pending is the return visit; a full inspection instead
    // would leave the visit's outcome and report followed by nothing.
    const returnRecorded = approval.kind === 'case-review' && decision.decision === 'full-inspection' ? fullInspectionReturnRefusal(record) : undefined;
    if (returnRecorded !== undefined) throw new ValidationError([{ field: 'decision', message: returnRecorded }]);
    // §70: no enforcement against a registered manager while the post is vacant on the register.
    if (decision.enforcement !== undefined && decision.enforcement !== 'none') {
      const problems = againstVacantPost(decision.enforcement.against, await registeredManagerVacant(record.establishment.urn), 'enforcement.against');
      if (problems.length > 0) throw new ValidationError(problems);
    }
  }

  let current = approval;
  for (let attempt = 0; current.status === 'pending' && attempt < 2; attempt += 1) {
    const result = await repository().decideApproval(id, {
      expectedToken: current.taskToken,
      decision: {
        approvalId: id,
        kind: current.kind,
        decision: decision.decision,
        rationale: decision.rationale,
        ...(decision.enforcement === undefined ? {} : { enforcement: decision.enforcement }),
        ...(decision.returnVisitWindow === undefined ? {} : { returnVisitWindow: decision.returnVisitWindow }),
        decidedBy: caller.id,
        decidedByName: displayNameOf(caller).slice(0, 200),
        decidedAt: now.toISOString(),
      },
    });
    // Not decided: decided or closed meanwhile, or re-opened with a newer token (then tried once more).
    current = result.approval;
  }
  const refusedNow = refusal(current, decision, caller);
  if (refusedNow) throw refusedNow;
  if (current.status !== 'decided' || !current.decision) {
    throw new ConflictError('this approval kept changing while the decision was being recorded: try again');
  }

  const answer = await workflows().sendTaskSuccess(current.taskToken, decisionOutput({ approvalId: id, decision: current.decision }));
  return { approvalId: id, decision: current.decision.decision, delivered: answer.delivered };
}

