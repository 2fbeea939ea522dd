#pragma once

#include <QColor>
#include <QImage>
#include <QLineF>
#include <QString>
#include <QWidget>
#include <memory>
#include <optional>
#include <vector>

#include "session/training/loss_history.h"
#include "ui/training/loss_chart_legend.h"

class QChart;
class QGraphicsLineItem;
class QChartView;
class QCheckBox;
class QLineSeries;
class QLogValueAxis;
class QTimer;
class QValueAxis;

namespace digitscope::ui {

// The loss curves of training runs, kept per run so that runs can be compared: the training
// loss as faint raw points and a smoothed line (bias-corrected exponential moving average), the
// test loss and the test accuracy (second axis, %) at each epoch's end, and a cursor at the
// moment the training timeline shows. All Qt Charts code of
// the app lives in this class (loss_chart.*), so that moving to Qt Graphs touches one file.
//
// Points are buffered and pushed into the chart's series at most 4 times a second (long runs drawn
// decimated); refresh() pushes them at once (export does).
class LossChart : public QWidget {
    Q_OBJECT
public:
    explicit LossChart(QWidget* parent = nullptr);
    ~LossChart() override;

    void startRun(const QString& label);  // a duplicate label gets " (2)", " (3)", ...
    // Points before the first startRun open a run named "training"; NaNs are skipped.
    void addTrainingLoss(double epochPosition, double loss);
    void addEpoch(int epoch, double testLoss, double testAccuracy);
    void setLogScale(bool on);
    bool logScale() const { return m_logScale; }
    void clearRuns();
    void refresh();
    // From the legend: a hidden run keeps its points; a removed one is forgotten.
    void setRunVisible(int index, bool visible);
    bool runVisible(int index) const;
    void removeRun(int index);
    // What the legend calls the run: only what differs from the other runs ("lr 0.01").
    QString runName(int index) const;

    // Both write through QSaveFile: the file is complete or untouched. On failure they return
    // false with the reason in *error (when given).
    bool exportPng(const QString& path, QString* error);
    QImage exportImage();  // what exportPng writes: the legend over the plot and its axes
    bool exportCsv(const QString& path, QString* error);
    QString toCsv() const { return m_history.toCsv(); }  // see LossHistory::toCsv

    const LossHistory& history() const { return m_history; }
    int runCount() const { return m_history.runCount(); }
    const LossHistory::Run& run(int index) const { return m_history.run(index); }
    QColor runColour(int index) const;
    // What the chart shows, for tests: the loss axis in use is a QLogValueAxis.
    bool lossAxisIsLogarithmic() const;
    int seriesCount() const;

    // A vertical line at an epoch position (the moment the training timeline shows); nullopt
    // hides it (the timeline is live).
    void setEpochCursor(std::optional<double> epochPosition);
    std::optional<double> epochCursor() const { return m_epochCursor; }
    // Where the line is drawn, in the chart's coordinates; empty when it is not drawn.
    QLineF epochCursorLine() const;

    QSize sizeHint() const override { return {460, 220}; }  // the form first, then the chart
    QSize minimumSizeHint() const override { return {280, 200}; }

signals:
    void logScaleChanged(bool on);

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    struct RunSeries;

    void addRunSeries(const QString& label);
    void addSeries(RunSeries& run, const QString& label);
    void changed(bool openedRun);
    void attachLossSeries(QLineSeries* series);
    void scheduleRefresh();
    void updateAxes();
    void updateLegend();
    void placeEpochCursor();  // after the axes or the plot area changed
    std::vector<LossChartLegend::Entry> legendEntries() const;
    void applyPalette();
    void exportPngInteractively();
    void exportCsvInteractively();

    LossHistory m_history;
    std::vector<std::unique_ptr<RunSeries>> m_runs;  // the history's runs, same order
    QChart* m_chart = nullptr;
    QChartView* m_view = nullptr;
    QValueAxis* m_epochAxis = nullptr;
    QValueAxis* m_linearAxis = nullptr;
    QLogValueAxis* m_logAxis = nullptr;
    QValueAxis* m_accuracyAxis = nullptr;
    QCheckBox* m_logBox = nullptr;
    LossChartLegend* m_legend = nullptr;
    QTimer* m_refreshTimer = nullptr;
    bool m_logScale = false;
    std::optional<double> m_epochCursor;
    QGraphicsLineItem* m_cursorLine = nullptr;  // a child of the chart, so in its coordinates
};

}  // namespace digitscope::ui
