import type {
  IChartApi,
  IPrimitivePaneView,
  ISeriesApi,
  ISeriesPrimitive,
  SeriesAttachedParameter,
  Time,
} from 'lightweight-charts';

/** A pane view that turns the primitive's data into coordinates before each draw. */
export interface UpdatingPaneView extends IPrimitivePaneView {
  update(): void;
}

/**
 * What every study-chart primitive does alike: keep the chart, its candlestick series and the
 * redraw request while attached, and hand its pane views to lightweight-charts.
 */
export abstract class SeriesPrimitiveBase implements ISeriesPrimitive<Time> {
  protected chart: IChartApi | undefined;
  protected series: ISeriesApi<'Candlestick'> | undefined;
  protected requestUpdate: (() => void) | undefined;
  protected abstract readonly views: readonly UpdatingPaneView[];

  attached(param: SeriesAttachedParameter<Time>): void {
    this.chart = param.chart as IChartApi;
    this.series = param.series as ISeriesApi<'Candlestick'>;
    this.requestUpdate = param.requestUpdate;
  }

  detached(): void {
    this.chart = undefined;
    this.series = undefined;
    this.requestUpdate = undefined;
  }

  paneViews(): readonly IPrimitivePaneView[] {
    return this.views;
  }

  updateAllViews(): void {
    for (const view of this.views) view.update();
  }
}
