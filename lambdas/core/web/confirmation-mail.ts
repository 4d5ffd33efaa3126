import { escapeHtml } from '../digest/escape-html';

/** The opt-in mail: one link to a page with one button; Chinese first, then English. */
export function renderConfirmationMail(confirmUrl: string, homeUrl: string): { subject: string; html: string; text: string } {
  const subject = '请确认订阅 gzwatch 广州人工智能动态 / Confirm your gzwatch subscription';
  const url = escapeHtml(confirmUrl);
  const html =
    `<!doctype html><html lang="zh-CN"><body style="font-family:sans-serif;color:#111827;max-width:560px">` +
    `<p>有人（希望是您）在 gzwatch 用这个地址订阅了广州人工智能产业动态。</p>` +
    `<p><a href="${url}">确认订阅</a>：打开后按“确认订阅”按钮。不是您本人的话，忽略这封邮件即可，您不会再收到任何邮件。</p>` +
    `<hr><p lang="en">Someone (hopefully you) subscribed this address to gzwatch. <a href="${url}">Confirm the subscription</a> ` +
    `and press the button on that page. If it was not you, ignore this mail: nothing more will be sent.</p>` +
    `<p style="font-size:12px;color:#4b5563"><a href="${escapeHtml(homeUrl)}">gzwatch</a></p></body></html>`;
  const text =
    `有人（希望是您）在 gzwatch 用这个地址订阅了广州人工智能产业动态。\n确认订阅（打开后按按钮）：${confirmUrl}\n不是您本人的话，忽略这封邮件即可。\n\n` +
    `Someone (hopefully you) subscribed this address to gzwatch.\nConfirm (open, then press the button): ${confirmUrl}\nIf it was not you, ignore this mail.\n`;
  return { subject, html, text };
}
