import type { Connection } from 'mongoose';
import { customerModel } from './customer.model.js';
import { inboxEventModel } from './inbox-event.model.js';
import { inboxPendingModel } from './inbox-pending.model.js';
import { leaseEndModel, leaseModel } from './lease.model.js';
import { messageModel } from './message.model.js';
import { visitModel } from './visit.model.js';
import { surveyModel } from './survey.model.js';
import { complaintCaseModel } from './complaint-case.model.js';
import { winBackModel } from './win-back.model.js';
import { conversationModel } from './conversation.model.js';
import { lapseScanModel, lapseScoreChunkModel } from './lapse-scan.model.js';
import { shopFiguresModel } from './shop-figures.model.js';
import { linkCodeModel } from './link-code.model.js';
import { slackThreadModel } from './slack-thread.model.js';
import { staffMemberModel } from './staff-member.model.js';
import { erasureModel } from './erasure.model.js';
import { sendLedgerModel } from './send-ledger.model.js';
import { openBatchModel, outreachBatchModel, plannedRunModel } from './outreach-batch.model.js';
import { outreachSkipModel } from './outreach-skip.model.js';
import { jobRunModel, lapseRunModel, lineQuotaModel } from './scheduler-state.model.js';
import { shopSecretModel } from './shop-secret.model.js';
import { phoneIndexModel } from './phone-index.model.js';
import { linkProposalModel } from './link-proposal.model.js';
import { contactTaskModel } from './contact-task.model.js';
export type { SlackNotice, SlackNoticeModel } from './slack-notice.model.js';
import { slackNoticeModel } from './slack-notice.model.js';
import { shopTemplateChangeModel, shopTemplatesModel } from './shop-template.model.js';
import { newsletterEditionModel } from './newsletter-edition.model.js';
import { wishModel } from './wish.model.js';
import { referralCodeModel, referralModel } from './referral.model.js';
import { importTombstoneModel } from './import-tombstone.model.js';
import { customerActivityModel } from './customer-activity.model.js';

export type { Customer, CustomerModel, Birthday, StaffNote, CustomerStatus } from './customer.model.js';
export type { Visit, VisitModel } from './visit.model.js';
export type { Message, MessageModel } from './message.model.js';
export type { InboxEvent, InboxEventModel, InboxStatus } from './inbox-event.model.js';
export type { InboxPending, InboxPendingModel } from './inbox-pending.model.js';
export type { Lease, LeaseModel, LeaseEnd, LeaseEndModel } from './lease.model.js';
export type { Survey, SurveyModel, SurveyStatus } from './survey.model.js';
export type {
  ComplaintCase,
  ComplaintCaseModel,
  CaseStatus,
  CaseTrigger,
  CaseEvent,
  CaseStep,
} from './complaint-case.model.js';
export { caseSteps } from './complaint-case.model.js';
export type { WinBack, WinBackModel, LapseReason, WinBackOutcome } from './win-back.model.js';
export type { Conversation, ConversationModel, HandOff } from './conversation.model.js';
export type { LapseScan, LapseScanModel, LapseScoreChunk, LapseScoreChunkModel } from './lapse-scan.model.js';
export type { ShopFigures, ShopFiguresModel } from './shop-figures.model.js';
export type { LinkCode, LinkCodeModel } from './link-code.model.js';
export type { SlackThread, SlackThreadModel } from './slack-thread.model.js';
export type { StaffMember, StaffMemberModel } from './staff-member.model.js';
export type { Erasure, ErasureModel } from './erasure.model.js';
export type { SendLedgerEntry, SendLedgerModel, TouchpointKind } from './send-ledger.model.js';
export { touchpointKinds } from './send-ledger.model.js';
export type {
  OpenBatch,
  OpenBatchModel,
  OutreachBatch,
  OutreachBatchModel,
  PlannedRun,
  PlannedRunModel,
} from './outreach-batch.model.js';
export type { OutreachSkip, OutreachSkipModel } from './outreach-skip.model.js';
export type {
  JobRun,
  JobRunModel,
  LineQuota,
  LineQuotaModel,
  LapseRun,
  LapseRunModel,
} from './scheduler-state.model.js';
export type { ShopSecret, ShopSecretModel } from './shop-secret.model.js';
export type { PhoneIndex, PhoneIndexModel } from './phone-index.model.js';
export type { LinkProposal, LinkProposalModel, LinkProposalStatus } from './link-proposal.model.js';
export type {
  ContactTask,
  ContactTaskModel,
  ContactTaskKind,
  ContactTaskStatus,
} from './contact-task.model.js';
export type {
  ShopTemplates,
  ShopTemplatesModel,
  ShopTemplateChange,
  ShopTemplateChangeModel,
  ShopTemplateVersion,
  StoredSeasonWindow,
} from './shop-template.model.js';
export type { NewsletterEdition, NewsletterEditionModel, ImageStyle } from './newsletter-edition.model.js';
export { imageStyles } from './newsletter-edition.model.js';
export type { Wish, WishModel, WishTheme } from './wish.model.js';
export { wishThemes } from './wish.model.js';
export type { Referral, ReferralModel, ReferralCode, ReferralCodeModel } from './referral.model.js';
export type { ImportTombstone, ImportTombstoneModel } from './import-tombstone.model.js';
export type { ActivitySection, CustomerActivity, CustomerActivityModel } from './customer-activity.model.js';
export { activitySections, activityId } from './customer-activity.model.js';

/** Every model of Joren, bound to one connection. */
export function createModels(connection: Connection) {
  return {
    Customer: customerModel(connection),
    Visit: visitModel(connection),
    Message: messageModel(connection),
    InboxEvent: inboxEventModel(connection),
    InboxPending: inboxPendingModel(connection),
    Lease: leaseModel(connection),
    LeaseEnd: leaseEndModel(connection),
    Survey: surveyModel(connection),
    ComplaintCase: complaintCaseModel(connection),
    WinBack: winBackModel(connection),
    Conversation: conversationModel(connection),
    LapseScan: lapseScanModel(connection),
    LapseScoreChunk: lapseScoreChunkModel(connection),
    ShopFigures: shopFiguresModel(connection),
    LinkCode: linkCodeModel(connection),
    SlackThread: slackThreadModel(connection),
    StaffMember: staffMemberModel(connection),
    Erasure: erasureModel(connection),
    SendLedger: sendLedgerModel(connection),
    OutreachBatch: outreachBatchModel(connection),
    OpenBatch: openBatchModel(connection),
    PlannedRun: plannedRunModel(connection),
    OutreachSkip: outreachSkipModel(connection),
    JobRun: jobRunModel(connection),
    LineQuota: lineQuotaModel(connection),
    LapseRun: lapseRunModel(connection),
    ShopSecret: shopSecretModel(connection),
    PhoneIndex: phoneIndexModel(connection),
    LinkProposal: linkProposalModel(connection),
    ContactTask: contactTaskModel(connection),
    SlackNotice: slackNoticeModel(connection),
    ShopTemplates: shopTemplatesModel(connection),
    ShopTemplateChange: shopTemplateChangeModel(connection),
    NewsletterEdition: newsletterEditionModel(connection),
    Wish: wishModel(connection),
    Referral: referralModel(connection),
    ReferralCode: referralCodeModel(connection),
    ImportTombstone: importTombstoneModel(connection),
    CustomerActivity: customerActivityModel(connection),
  };
}

export type Models = ReturnType<typeof createModels>;
