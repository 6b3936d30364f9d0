/**
 * A stand-in for Chart.js in component tests (jsdom has no canvas): records the configuration,
 * updates and destruction, so a test can check what the wrapper asked the chart to draw.
 */
interface FakeDataset {
  hidden?: boolean;
  [key: string]: unknown;
}

interface FakeConfig {
  data: { datasets: FakeDataset[] };
  options: Record<string, unknown>;
}

export class FakeChart {
  static instances: FakeChart[] = [];

  data: FakeConfig['data'];
  options: FakeConfig['options'];
  destroyed = false;
  readonly updates: (string | undefined)[] = [];

  constructor(
    readonly canvas: HTMLCanvasElement,
    config: FakeConfig,
  ) {
    this.data = config.data;
    this.options = config.options;
    FakeChart.instances.push(this);
  }

  update(mode?: string): void {
    this.updates.push(mode);
  }

  destroy(): void {
    this.destroyed = true;
  }

  isDatasetVisible(index: number): boolean {
    return this.data.datasets[index]?.hidden !== true;
  }
}
