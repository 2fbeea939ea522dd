#include "ui/training/loss_chart.h"

#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QEvent>
#include <QGraphicsLineItem>
#include <QHBoxLayout>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QPainter>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

#include "session/training/run_names.h"
#include "ui/training/loss_chart_legend.h"

namespace digitscope::ui {
namespace {

// A loss curve needs no more than 4 frames a second, and each frame costs more than its own
// paint: Qt Charts draws through a QGraphicsScene, which repaints its view at once (not at the
// next frame) when items change, and with it everything else dirty in the window.
constexpr int kRefreshMs = 250;
constexpr int kDrawnBuckets = 400;  // per series: see decimated()
constexpr int kMaxMarkers = 60;     // test points drawn with a marker up to this many epochs
constexpr double kLogFloor = 1e-6;  // losses shown on the log axis are at least this

// Twelve colours apart on a dark background; a new run takes the first no shown run has.
const QColor kRunColours[] = {{0x4e, 0x9b, 0xff}, {0xf5, 0xb3, 0x42}, {0x5c, 0xd6, 0x7a},
                              {0xff, 0x6b, 0x81}, {0xb4, 0x8c, 0xff}, {0x4d, 0xd8, 0xd8},
                              {0xff, 0x9f, 0x5a}, {0xd6, 0xd6, 0x5c}, {0xf0, 0x7c, 0xe0},
                              {0xa0, 0xa8, 0xb8}, {0x2e, 0xb8, 0x8a}, {0xc0, 0x6a, 0x3a}};

void setAxis(QValueAxis* axis, double min, double max, int ticks) {
    if (axis->min() != min || axis->max() != max) axis->setRange(min, max);
    if (axis->tickCount() != ticks) axis->setTickCount(ticks);
}

QList<QPointF> forLogAxis(const QList<QPointF>& points) {
    QList<QPointF> result = points;
    for (QPointF& point : result) point.setY(std::max(point.y(), kLogFloor));
    return result;
}

QList<QPointF> asPercent(const QList<QPointF>& points) {
    QList<QPointF> result = points;
    for (QPointF& point : result) point.setY(100.0 * point.y());
    return result;
}

}  // namespace

// The series that draw one run of the history (same index).
struct LossChart::RunSeries {
    QColor colour;
    QLineSeries* raw = nullptr;
    QLineSeries* smoothed = nullptr;
    QLineSeries* testLoss = nullptr;
    QLineSeries* testAccuracy = nullptr;
    bool dirty = false;
    bool visible = true;
};

LossChart::LossChart(QWidget* parent) : QWidget(parent) {
    // In a splitter or layout beside the training form, the chart takes the spare height.
    QSizePolicy policy(QSizePolicy::Expanding, QSizePolicy::Expanding);
    policy.setVerticalStretch(1);
    setSizePolicy(policy);
    m_chart = new QChart;
    m_chart->setMargins(QMargins(4, 4, 4, 4));
    m_chart->setBackgroundRoundness(0);
    m_chart->legend()->hide();  // the runs are listed above the chart, wrapped to its width

    m_epochAxis = new QValueAxis;
    m_epochAxis->setTitleText(tr("epoch"));
    m_epochAxis->setLabelFormat(QStringLiteral("%.4g"));
    m_linearAxis = new QValueAxis;
    m_linearAxis->setTitleText(tr("loss"));
    m_linearAxis->setLabelFormat(QStringLiteral("%.3g"));
    m_logAxis = new QLogValueAxis;
    m_logAxis->setTitleText(tr("loss (log)"));
    m_logAxis->setLabelFormat(QStringLiteral("%.3g"));
    m_logAxis->setMinorTickCount(8);
    m_accuracyAxis = new QValueAxis;
    // Labelled "95%", so that no tick of it reads as a loss.
    m_accuracyAxis->setTitleText(tr("accuracy"));  // short: the plot may be ~80 px high
    m_accuracyAxis->setLabelFormat(QStringLiteral("%.0f%%"));
    m_chart->addAxis(m_epochAxis, Qt::AlignBottom);
    m_chart->addAxis(m_linearAxis, Qt::AlignLeft);
    m_chart->addAxis(m_accuracyAxis, Qt::AlignRight);
    m_logAxis->setParent(this);  // owned here while it is not in the chart

    m_view = new QChartView(m_chart);
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->setObjectName(QStringLiteral("lossChartView"));

    m_logBox = new QCheckBox(tr("Log scale"));
    m_logBox->setObjectName(QStringLiteral("logScaleBox"));
    m_logBox->setToolTip(tr("Show the loss on a logarithmic axis"));
    connect(m_logBox, &QCheckBox::toggled, this, &LossChart::setLogScale);
    auto* png = new QToolButton;
    png->setText(tr("PNG…"));
    png->setToolTip(tr("Save the chart as a PNG image"));
    connect(png, &QToolButton::clicked, this, &LossChart::exportPngInteractively);
    auto* csv = new QToolButton;
    csv->setText(tr("CSV…"));
    csv->setToolTip(tr("Save every run's points as CSV (run,kind,epoch_position,value)"));
    connect(csv, &QToolButton::clicked, this, &LossChart::exportCsvInteractively);
    auto* clear = new QToolButton;
    clear->setText(tr("Clear"));
    clear->setToolTip(tr("Forget all runs"));
    connect(clear, &QToolButton::clicked, this, &LossChart::clearRuns);

    m_legend = new LossChartLegend;
    m_legend->setObjectName(QStringLiteral("lossChartLegend"));
    connect(m_legend, &LossChartLegend::visibilityToggled, this, &LossChart::setRunVisible);
    connect(m_legend, &LossChartLegend::removeRequested, this, &LossChart::removeRun);
    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(6, 0, 6, 0);
    bar->addWidget(m_logBox);
    bar->addStretch();
    bar->addWidget(png);
    bar->addWidget(csv);
    bar->addWidget(clear);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_legend);
    layout->addWidget(m_view, 1);
    layout->addLayout(bar);

    m_refreshTimer = new QTimer(this);
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(kRefreshMs);
    connect(m_refreshTimer, &QTimer::timeout, this, &LossChart::refresh);
    m_cursorLine = new QGraphicsLineItem(m_chart);
    m_cursorLine->setZValue(50);  // over the grid and the series
    m_cursorLine->hide();
    connect(m_chart, &QChart::plotAreaChanged, this, &LossChart::placeEpochCursor);
    applyPalette();
    updateLegend();
    updateAxes();
}

LossChart::~LossChart() = default;

void LossChart::startRun(const QString& label) {
    const QString unique = m_history.startRun(label);
    addRunSeries(unique);
    updateLegend();
    updateAxes();
}

void LossChart::addRunSeries(const QString& label) {
    auto run = std::make_unique<RunSeries>();
    run->colour = kRunColours[m_runs.size() % std::size(kRunColours)];
    for (const QColor& colour : kRunColours)
        if (std::none_of(m_runs.begin(), m_runs.end(),
                         [&](const auto& other) { return other->colour == colour; })) {
            run->colour = colour;
            break;
        }
    addSeries(*run, label);
    m_runs.push_back(std::move(run));
}

void LossChart::addSeries(RunSeries& run, const QString& label) {
    const QColor colour = run.colour;
    QColor faint = colour;
    faint.setAlphaF(0.28f);
    run.raw = new QLineSeries;
    run.raw->setPen(QPen(faint, 1.0));
    run.smoothed = new QLineSeries;
    run.smoothed->setName(label);
    run.smoothed->setPen(QPen(colour, 2.2));
    run.testLoss = new QLineSeries;
    run.testLoss->setName(tr("test loss"));
    run.testLoss->setPen(QPen(colour, 1.5, Qt::DashLine));
    run.testLoss->setPointsVisible(true);
    run.testAccuracy = new QLineSeries;
    run.testAccuracy->setName(tr("test accuracy"));
    run.testAccuracy->setPen(QPen(colour, 1.5, Qt::DotLine));
    run.testAccuracy->setPointsVisible(true);
    for (QLineSeries* series : {run.raw, run.smoothed, run.testLoss, run.testAccuracy}) {
        m_chart->addSeries(series);
        series->attachAxis(m_epochAxis);
    }
    attachLossSeries(run.raw);
    attachLossSeries(run.smoothed);
    attachLossSeries(run.testLoss);
    run.testAccuracy->attachAxis(m_accuracyAxis);
}

void LossChart::attachLossSeries(QLineSeries* series) {
    if (m_logScale)
        series->attachAxis(m_logAxis);
    else
        series->attachAxis(m_linearAxis);
}

void LossChart::addTrainingLoss(double epochPosition, double loss) {
    const bool opened = m_history.runCount() == 0;
    if (!m_history.addTrainingLoss(epochPosition, loss)) return;
    changed(opened);
}

void LossChart::addEpoch(int epoch, double testLoss, double testAccuracy) {
    const bool opened = m_history.runCount() == 0;
    if (!m_history.addEpoch(epoch, testLoss, testAccuracy)) return;
    changed(opened);
}

void LossChart::changed(bool openedRun) {
    if (openedRun) {  // points before any startRun
        addRunSeries(m_history.run(0).label);
        updateLegend();
    }
    m_runs.back()->dirty = true;
    scheduleRefresh();
}

void LossChart::scheduleRefresh() {
    if (!m_refreshTimer->isActive()) m_refreshTimer->start();
}

void LossChart::refresh() {
    m_refreshTimer->stop();
    for (std::size_t i = 0; i < m_runs.size(); ++i) {
        RunSeries& run = *m_runs[i];
        if (!run.dirty) continue;
        run.dirty = false;
        const LossHistory::Run& points = m_history.run(static_cast<int>(i));
        const QList<QPointF> raw = LossHistory::decimated(points.raw, kDrawnBuckets, true);
        const QList<QPointF> smoothed =
            LossHistory::decimated(points.smoothed, kDrawnBuckets, false);
        run.raw->replace(m_logScale ? forLogAxis(raw) : raw);
        run.smoothed->replace(m_logScale ? forLogAxis(smoothed) : smoothed);
        // One test point an epoch: a long run has thousands, and dashed lines through them,
        // each with a marker, took the chart's refresh to 80-95 ms after 10 minutes.
        const QList<QPointF> testLoss =
            LossHistory::decimated(points.testLoss, kDrawnBuckets, false);
        const QList<QPointF> testAccuracy =
            LossHistory::decimated(points.testAccuracy, kDrawnBuckets, false);
        const bool markers = points.testLoss.size() <= kMaxMarkers;
        run.testLoss->setPointsVisible(markers);
        run.testAccuracy->setPointsVisible(markers);
        run.testLoss->replace(m_logScale ? forLogAxis(testLoss) : testLoss);
        run.testAccuracy->replace(asPercent(testAccuracy));
    }
    updateAxes();
}

void LossChart::updateAxes() {
    const LossHistory::Extent extent = m_history.extent();
    const double maxX = std::max(1.0, extent.maxEpoch);
    const double maxLoss = extent.hasLoss && extent.maxLoss > 0 ? extent.maxLoss : 2.5;
    const double minLoss = extent.hasLoss ? extent.minLoss : 0.01;
    // Axes are touched only when their range changes: each change re-lays every series.
    const double epochStep = std::max(1.0, LossHistory::niceStep(std::ceil(maxX) / 10));
    const double epochs = epochStep * std::ceil(maxX / epochStep);
    setAxis(m_epochAxis, 0, epochs, static_cast<int>(std::lround(epochs / epochStep)) + 1);
    // No more ticks than the plot's height has room for: Qt elides crowded labels to "…".
    const int maxTicks = std::clamp(m_view->height() / 40, 3, 6);
    const double lossStep = LossHistory::niceStep(maxLoss * 1.02 / (maxTicks - 1));
    const double lossTop = lossStep * std::ceil(maxLoss * 1.02 / lossStep);
    setAxis(m_linearAxis, 0, lossTop, static_cast<int>(std::lround(lossTop / lossStep)) + 1);
    const double low = std::max(kLogFloor, minLoss);
    // Just below the decade, so that its label is drawn (the axis ticks from ceil(log10(min))).
    const double logMin = 0.999 * std::pow(10.0, std::floor(std::log10(low)));
    const double logMax = std::pow(10.0, std::ceil(std::log10(std::max(maxLoss, low * 1.01))));
    if (m_logAxis->min() != logMin || m_logAxis->max() != logMax)
        m_logAxis->setRange(logMin, logMax);
    // Accuracy: from a round number below the worst epoch up to 100 %.
    const double bottom = std::min(
        90.0,
        extent.hasAccuracy ? std::floor(std::max(0.0, 100 * extent.minAccuracy - 2) / 5) * 5 : 0.0);
    const double span = 100 - bottom;
    double step = 2;
    for (const double nice : {2.0, 5.0, 10.0, 20.0, 25.0, 50.0, 100.0}) {
        step = nice;
        if (std::ceil(span / nice) + 1 <= maxTicks) break;
    }
    const int steps = static_cast<int>(std::ceil(span / step));
    setAxis(m_accuracyAxis, 100 - step * steps, 100, steps + 1);
    placeEpochCursor();
}

void LossChart::setEpochCursor(std::optional<double> epochPosition) {
    if (epochPosition && !std::isfinite(*epochPosition)) epochPosition.reset();
    m_epochCursor = epochPosition;
    placeEpochCursor();
}

void LossChart::placeEpochCursor() {
    const QRectF plot = m_chart->plotArea();
    const double min = m_epochAxis->min();
    const double max = m_epochAxis->max();
    if (!m_epochCursor || plot.isEmpty() || max <= min) {
        m_cursorLine->hide();
        return;
    }
    // The epoch axis is linear: its range spans the plot area's width.
    const double share = std::clamp((*m_epochCursor - min) / (max - min), 0.0, 1.0);
    const double x = plot.left() + share * plot.width();
    m_cursorLine->setLine(QLineF(x, plot.top(), x, plot.bottom()));
    m_cursorLine->show();
}

QLineF LossChart::epochCursorLine() const {
    return m_cursorLine->isVisible() ? m_cursorLine->line() : QLineF();
}

std::vector<LossChartLegend::Entry> LossChart::legendEntries() const {
    QStringList labels;
    for (int i = 0; i < m_history.runCount(); ++i) labels << m_history.run(i).label;
    const QStringList names = shortRunNames(labels);
    std::vector<LossChartLegend::Entry> entries;
    for (std::size_t i = 0; i < m_runs.size(); ++i)
        entries.push_back({m_runs[i]->colour, names.value(static_cast<qsizetype>(i)),
                           labels.value(static_cast<qsizetype>(i)), m_runs[i]->visible});
    return entries;
}

void LossChart::updateLegend() {
    m_legend->setEntries(legendEntries());
}

QString LossChart::runName(int index) const {
    return legendEntries().at(static_cast<std::size_t>(index)).name;
}

void LossChart::setRunVisible(int index, bool visible) {
    if (index < 0 || index >= runCount()) return;
    RunSeries& run = *m_runs[static_cast<std::size_t>(index)];
    run.visible = visible;
    for (QLineSeries* series : {run.raw, run.smoothed, run.testLoss, run.testAccuracy})
        series->setVisible(visible);
}

bool LossChart::runVisible(int index) const {
    return m_runs.at(static_cast<std::size_t>(index))->visible;
}

void LossChart::removeRun(int index) {
    if (index < 0 || index >= runCount()) return;
    RunSeries& run = *m_runs[static_cast<std::size_t>(index)];
    for (QLineSeries* series : {run.raw, run.smoothed, run.testLoss, run.testAccuracy}) {
        m_chart->removeSeries(series);
        delete series;
    }
    m_runs.erase(m_runs.begin() + index);
    m_history.removeRun(index);
    // Deferred: the click that asked for it comes from a legend row this replaces.
    QTimer::singleShot(0, this, &LossChart::updateLegend);
    updateAxes();
}

void LossChart::setLogScale(bool on) {
    if (on == m_logScale) return;
    m_logScale = on;
    QAbstractAxis* from = on ? static_cast<QAbstractAxis*>(m_linearAxis) : m_logAxis;
    QAbstractAxis* to = on ? static_cast<QAbstractAxis*>(m_logAxis) : m_linearAxis;
    for (auto& run : m_runs)
        for (QLineSeries* series : {run->raw, run->smoothed, run->testLoss})
            series->detachAxis(from);
    m_chart->removeAxis(from);
    from->setParent(this);
    m_chart->addAxis(to, Qt::AlignLeft);
    for (auto& run : m_runs) {
        for (QLineSeries* series : {run->raw, run->smoothed, run->testLoss}) series->attachAxis(to);
        run->dirty = true;  // log values are floored, so the points are pushed again
    }
    applyPalette();
    refresh();
    {
        const QSignalBlocker blocker(m_logBox);
        m_logBox->setChecked(on);
    }
    emit logScaleChanged(on);
}

bool LossChart::lossAxisIsLogarithmic() const {
    const QList<QAbstractAxis*> axes = m_chart->axes(Qt::Vertical);
    for (QAbstractAxis* axis : axes)
        if (axis->alignment() == Qt::AlignLeft)
            return qobject_cast<QLogValueAxis*>(axis) != nullptr;
    return false;
}

QColor LossChart::runColour(int index) const {
    return m_runs.at(static_cast<std::size_t>(index))->colour;
}

int LossChart::seriesCount() const {
    return static_cast<int>(m_chart->series().size());
}

void LossChart::clearRuns() {
    m_chart->removeAllSeries();  // deletes the series
    m_runs.clear();
    m_history.clear();
    updateLegend();
    updateAxes();
}

void LossChart::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    updateAxes();  // the tick count follows the height
}

void LossChart::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange) {
        applyPalette();
        updateLegend();
    }
    QWidget::changeEvent(event);
}

void LossChart::applyPalette() {
    const QPalette& colours = palette();
    const QColor text = colours.color(QPalette::Text);
    QColor grid = colours.color(QPalette::Text);
    grid.setAlphaF(0.12f);
    QColor minor = grid;
    minor.setAlphaF(0.05f);
    m_chart->setBackgroundBrush(colours.color(QPalette::Base));
    m_chart->setPlotAreaBackgroundVisible(false);
    m_chart->legend()->setLabelColor(text);
    m_view->setBackgroundBrush(colours.color(QPalette::Base));
    for (QAbstractAxis* axis :
         {static_cast<QAbstractAxis*>(m_epochAxis), static_cast<QAbstractAxis*>(m_linearAxis),
          static_cast<QAbstractAxis*>(m_logAxis), static_cast<QAbstractAxis*>(m_accuracyAxis)}) {
        axis->setLabelsColor(text);
        axis->setTitleBrush(text);
        axis->setGridLineColor(grid);
        axis->setMinorGridLineColor(minor);
        axis->setLinePenColor(grid);
    }
    m_accuracyAxis->setGridLineVisible(false);
    QColor cursor = text;  // apart from the runs' colours and their dashed and dotted lines
    cursor.setAlphaF(0.7f);
    m_cursorLine->setPen(QPen(cursor, 1.5));
}

}  // namespace digitscope::ui
