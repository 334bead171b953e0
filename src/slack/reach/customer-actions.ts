import type { Customer } from '../../db/models/index.js';
import { kit, type Block } from '../blocks/kit.js';
import type { StaffText } from '../text/index.js';
import { dataTextFor, reachTextFor } from '../text/ops-text.js';
import { EDIT_TAGS, EXPORT_CUSTOMER_DATA, LINK_HISTORY, OPEN_COMPLAINT } from './reach-actions.js';

/**
 * The buttons under a customer card: 「タグを編集」, 「クレームを登録」 (a complaint heard by phone or at
 * the counter), 「データを書き出す」 (a disclosure request, to the presser's DM) and, for a customer known only from the import, 「LINEとつなぐ」.
 */
export function customerActions(customer: Customer, t: StaffText): Block {
  const r = reachTextFor(t);
  const importOnly = customer._id.startsWith('ext:') && customer.status === 'unlinked' && !customer.linkedTo;
  return kit.actions(
    `customer-actions:${customer._id}`.slice(0, 255),
    kit.button(r.tagsButton, EDIT_TAGS, customer._id),
    kit.button(r.complaintButton, OPEN_COMPLAINT, customer._id),
    kit.button(dataTextFor(t).exportButton, EXPORT_CUSTOMER_DATA, customer._id),
    ...(importOnly
      ? [kit.button(r.linkButton, LINK_HISTORY, customer._id, { style: 'primary' as const })]
      : []),
  );
}
