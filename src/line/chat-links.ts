import { ErrorCode, JorenError } from '../errors.js';
import { classifyLineFailure, type LineApi } from './line-api.js';

/** LINE caps the text a pre-filled chat link carries; the codes Joren puts there are far shorter. */
export const PREFILLED_TEXT_MAX = 300;

/**
 * Links that open the shop's LINE chat with a message already typed (check-in, referral and link
 * codes): `https://line.me/R/oaMessage/{basic id}/?{text}`. The basic id (`@xxxx`) comes from LINE's
 * bot info once and is kept, so no setting can drift from the channel the token belongs to.
 */
export class ChatLinks {
  private basicIdLookup: Promise<string> | undefined;

  constructor(private readonly api: Pick<LineApi, 'getBotInfo'>) {}

  /** The account's basic id, e.g. `@123abcde`, as LINE reports it. */
  basicId(): Promise<string> {
    this.basicIdLookup ??= this.api.getBotInfo().then(
      (info) => info.basicId,
      (error: unknown) => {
        // A failed lookup is not kept: the next link asks LINE again.
        this.basicIdLookup = undefined;
        const failure = classifyLineFailure(error);
        throw new JorenError(
          ErrorCode.LineApiUnavailable,
          'LINE bot info could not be read for a chat link',
          { status: failure.status },
          { cause: error },
        );
      },
    );
    return this.basicIdLookup;
  }

  /** A link that opens the shop's chat with `text` typed in, ready to send with one tap. */
  async prefilledMessage(text: string): Promise<string> {
    if (text.length === 0 || text.length > PREFILLED_TEXT_MAX) {
      throw new RangeError(`a pre-filled message has 1 to ${PREFILLED_TEXT_MAX} characters`);
    }
    return prefilledMessageUrl(await this.basicId(), text);
  }
}

/** The documented URL scheme; the basic id keeps its `@` (percent-encoded as LINE's examples show). */
export function prefilledMessageUrl(basicId: string, text: string): string {
  return `https://line.me/R/oaMessage/${encodeURIComponent(basicId)}/?${encodeURIComponent(text)}`;
}
