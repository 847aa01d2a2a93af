import type { CxErrorCode } from '@cxkit/core';

/** A failure the widget reports as a `cx-error` event; `code` names the area and the rule. */
export class WidgetError extends Error {
  constructor(
    readonly code: CxErrorCode,
    message: string,
  ) {
    super(message);
  }
}
