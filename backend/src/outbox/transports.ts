import { Logger } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';

export interface OutgoingMessage {
  id: string;
  to: string;
  subject: string;
  text: string;
}

/** How a channel delivers; throws when the message was not accepted. */
export interface MessageTransport {
  readonly name: string;
  send(message: OutgoingMessage): Promise<void>;
}

/** Email through an SMTP server (SMTP_URL, e.g. smtp://user:pass@mail.example.org:587). */
export class SmtpTransport implements MessageTransport {
  readonly name = 'smtp';
  private readonly transporter: Transporter;

  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transporter = nodemailer.createTransport(url);
  }

  async send(message: OutgoingMessage): Promise<void> {
    await this.transporter.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
    });
  }
}

/**
 * Development stand-in for a channel without a provider: records that a message would have gone
 * out, by outbox id only (no address, no link: logs never hold patient data).
 */
export class LoggingTransport implements MessageTransport {
  private readonly logger = new Logger('Outbox');
  constructor(readonly name: string) {}

  send(message: OutgoingMessage): Promise<void> {
    this.logger.log(
      `${this.name}: message ${message.id} handed to the development transport (not delivered)`,
    );
    return Promise.resolve();
  }
}
