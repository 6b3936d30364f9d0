import {
  ChangeDetectionStrategy,
  Component,
  type ElementRef,
  afterRenderEffect,
  input,
  signal,
  viewChild,
} from '@angular/core';
import type { toCanvas } from 'qrcode';

interface QrModule {
  toCanvas: typeof toCanvas;
}

/**
 * The `qrcode` library, bundled with the dashboard and loaded on first use (never fetched from
 * elsewhere). It is a CommonJS module: depending on the bundler its functions are the namespace's
 * own exports or sit on its `default` export (the export "not found" of issue 20); both are accepted.
 */
export async function loadQrModule(): Promise<QrModule> {
  const namespace: unknown = await import('qrcode');
  for (const candidate of [namespace, (namespace as { default?: unknown }).default]) {
    if (
      candidate !== null &&
      typeof candidate === 'object' &&
      typeof (candidate as Partial<QrModule>).toCanvas === 'function'
    ) {
      return candidate as QrModule;
    }
  }
  throw new Error('The QR code library has no toCanvas function');
}

/**
 * A QR code of `text` drawn on a canvas in the browser, with a visible message while it is drawn
 * and when it cannot be (the link can still be copied or sent).
 */
@Component({
  selector: 'app-qr-code',
  template: `
    <canvas
      #canvas
      class="qr-code"
      role="img"
      data-testid="qr-code"
      [attr.aria-label]="label()"
      [hidden]="state() !== 'drawn'"
    ></canvas>
    @if (state() === 'drawing') {
      <p class="qr-code__state" role="status">Drawing the QR code…</p>
    } @else if (state() === 'error') {
      <p class="qr-code__state state--error" role="alert" data-testid="qr-code-error">
        The QR code could not be drawn. Copy the link or send it instead.
      </p>
    }
  `,
  styles: `
    .qr-code {
      display: block;
      margin-top: 0.5rem;
    }
    .qr-code[hidden] {
      display: none;
    }
    .qr-code__state {
      margin: 0.5rem 0 0;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class QrCodeComponent {
  readonly text = input.required<string>();
  /** What the code stands for, read by screen readers. */
  readonly label = input.required<string>();
  /** Width and height in CSS pixels. */
  readonly size = input(200);

  private readonly canvas = viewChild.required<ElementRef<HTMLCanvasElement>>('canvas');
  protected readonly state = signal<'drawing' | 'drawn' | 'error'>('drawing');
  private drawn = 0;

  constructor() {
    afterRenderEffect(() => {
      void this.draw(this.canvas().nativeElement, this.text(), this.size());
    });
  }

  private async draw(canvas: HTMLCanvasElement, text: string, size: number): Promise<void> {
    const attempt = ++this.drawn;
    this.state.set('drawing');
    try {
      const qr = await loadQrModule();
      await qr.toCanvas(canvas, text, { margin: 2, width: size, errorCorrectionLevel: 'M' });
      if (attempt === this.drawn) this.state.set('drawn');
    } catch {
      if (attempt === this.drawn) this.state.set('error');
    }
  }
}
