#include "ui/training/loss_chart.h"

#include <gtest/gtest.h>

#include <QChartView>
#include <QCheckBox>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QLineSeries>
#include <QSet>
#include <QTemporaryDir>
#include <QToolButton>
#include <cmath>

namespace digitscope::ui {
namespace {

TEST(LossChartTest, KeepsRunsApartWithDistinctColours) {
    LossChart chart;
    chart.startRun(QStringLiteral("first"));
    chart.addTrainingLoss(0.5, 2.0);
    chart.addTrainingLoss(1.0, 1.0);
    chart.addEpoch(1, 0.9, 0.7);
    chart.startRun(QStringLiteral("second"));
    chart.addTrainingLoss(0.5, 3.0);
    chart.refresh();

    ASSERT_EQ(chart.runCount(), 2);
    EXPECT_EQ(chart.run(0).label, QStringLiteral("first"));
    EXPECT_EQ(chart.run(0).raw.size(), 2);
    EXPECT_EQ(chart.run(0).testLoss.size(), 1);
    EXPECT_EQ(chart.run(0).testAccuracy.size(), 1);
    EXPECT_EQ(chart.run(1).raw.size(), 1);
    EXPECT_TRUE(chart.run(1).testLoss.isEmpty());
    EXPECT_NE(chart.runColour(0), chart.runColour(1));
    EXPECT_EQ(chart.seriesCount(), 8);  // raw, smoothed, test loss, test accuracy per run
}

// The training timeline's moment: a vertical line over the whole plot at that epoch, where the
// chart itself puts that epoch (its series' mapping); none while live.
TEST(LossChartTest, TheEpochCursorMarksThatEpochOnThePlot) {
    LossChart chart;
    chart.resize(460, 300);
    chart.show();
    chart.startRun(QStringLiteral("run"));
    for (int i = 1; i <= 30; ++i) chart.addTrainingLoss(0.1 * i, 2.0 / i);
    chart.addEpoch(1, 0.9, 0.7);
    chart.addEpoch(2, 0.6, 0.8);
    chart.refresh();
    EXPECT_FALSE(chart.epochCursor().has_value());
    EXPECT_TRUE(chart.epochCursorLine().isNull());
    chart.setEpochCursor(1.5);
    QCoreApplication::processEvents();
    ASSERT_EQ(chart.epochCursor(), 1.5);
    const QLineF line = chart.epochCursorLine();
    ASSERT_FALSE(line.isNull());
    auto* view = chart.findChild<QChartView*>(QStringLiteral("lossChartView"));
    ASSERT_NE(view, nullptr);
    QAbstractSeries* series = view->chart()->series().front();
    const QPointF expected = view->chart()->mapToPosition(QPointF(1.5, 1.0), series);
    EXPECT_NEAR(line.x1(), expected.x(), 0.5);
    EXPECT_EQ(line.x1(), line.x2());  // vertical
    EXPECT_NEAR(line.y1(), view->chart()->plotArea().top(), 0.5);
    EXPECT_NEAR(line.y2(), view->chart()->plotArea().bottom(), 0.5);
    // Longer runs rescale the epoch axis: the line stays at its epoch.
    chart.addEpoch(3, 0.5, 0.85);
    for (int i = 31; i <= 60; ++i) chart.addTrainingLoss(0.1 * i, 2.0 / i);
    chart.refresh();
    QCoreApplication::processEvents();
    EXPECT_NEAR(chart.epochCursorLine().x1(),
                view->chart()->mapToPosition(QPointF(1.5, 1.0), series).x(), 0.5);
    chart.setEpochCursor(std::nullopt);
    EXPECT_TRUE(chart.epochCursorLine().isNull());
}

TEST(LossChartTest, ALongRunDrawsABoundedNumberOfPoints) {
    // Thousands of epochs (a 10-minute soak trains ~2000) keep every point in the history, but
    // the chart draws at most a few hundred a series and drops the test markers.
    LossChart chart;
    chart.startRun(QStringLiteral("long"));
    constexpr int kEpochs = 3000;
    for (int epoch = 1; epoch <= kEpochs; ++epoch) {
        chart.addTrainingLoss(epoch - 0.5, 1.0 / epoch);
        chart.addEpoch(epoch, 1.0 / epoch, 1.0 - 1.0 / epoch);
    }
    chart.refresh();
    EXPECT_EQ(chart.run(0).testLoss.size(), kEpochs);
    auto* view = chart.findChild<QChartView*>();
    ASSERT_NE(view, nullptr);
    int lineSeries = 0;
    for (QAbstractSeries* series : view->chart()->series()) {
        auto* line = qobject_cast<QLineSeries*>(series);
        ASSERT_NE(line, nullptr);
        ++lineSeries;
        EXPECT_LE(line->count(), 800) << line->name().toStdString();
        EXPECT_GT(line->count(), 100);
        EXPECT_FALSE(line->pointsVisible());
    }
    EXPECT_EQ(lineSeries, 4);

    // A short run keeps its markers.
    chart.clearRuns();
    chart.startRun(QStringLiteral("short"));
    for (int epoch = 1; epoch <= 5; ++epoch) chart.addEpoch(epoch, 1.0 / epoch, 0.9);
    chart.refresh();
    int marked = 0;
    for (QAbstractSeries* series : view->chart()->series())
        marked += qobject_cast<QLineSeries*>(series)->pointsVisible();
    EXPECT_EQ(marked, 2);  // test loss and test accuracy
}

TEST(LossChartTest, SmoothsWithABiasCorrectedMovingAverage) {
    LossChart chart;
    chart.startRun(QStringLiteral("run"));
    chart.addTrainingLoss(0.1, 2.0);
    chart.addTrainingLoss(0.2, 1.0);
    const auto& smoothed = chart.run(0).smoothed;
    ASSERT_EQ(smoothed.size(), 2);
    EXPECT_DOUBLE_EQ(smoothed[0].y(), 2.0);  // the first point is itself, not 0.1 of it
    const double a = LossHistory::kSmoothing;
    EXPECT_NEAR(smoothed[1].y(), (a * (1 - a) * 2.0 + (1 - a) * 1.0) / (1 - a * a), 1e-12);
}

TEST(LossChartTest, DuplicateLabelsAndPointsWithoutARun) {
    LossChart chart;
    chart.addTrainingLoss(0.5, 1.0);  // opens a run of its own
    chart.startRun(QStringLiteral("same"));
    chart.startRun(QStringLiteral("same"));
    ASSERT_EQ(chart.runCount(), 3);
    EXPECT_EQ(chart.run(0).raw.size(), 1);
    EXPECT_EQ(chart.run(1).label, QStringLiteral("same"));
    EXPECT_EQ(chart.run(2).label, QStringLiteral("same (2)"));
    chart.addTrainingLoss(1.0, std::nan(""));  // skipped
    EXPECT_TRUE(chart.run(2).raw.isEmpty());
}

TEST(LossChartTest, CsvHoldsEveryPointWithQuotedLabels) {
    LossChart chart;
    chart.startRun(QStringLiteral("784-16-10 relu, adam lr 0.002"));
    chart.addTrainingLoss(0.25, 2.5);
    chart.addEpoch(1, 0.75, 0.875);
    chart.startRun(QStringLiteral("b"));
    chart.addTrainingLoss(0.5, 1.5);
    const QString expected = QStringLiteral(
        "run,kind,epoch_position,value\n"
        "\"784-16-10 relu, adam lr 0.002\",train_loss,0.25,2.5\n"
        "\"784-16-10 relu, adam lr 0.002\",train_loss_smoothed,0.25,2.5\n"
        "\"784-16-10 relu, adam lr 0.002\",test_loss,1,0.75\n"
        "\"784-16-10 relu, adam lr 0.002\",test_accuracy,1,0.875\n"
        "b,train_loss,0.5,1.5\n"
        "b,train_loss_smoothed,0.5,1.5\n");
    EXPECT_EQ(chart.toCsv(), expected);

    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("loss.csv"));
    QString error;
    ASSERT_TRUE(chart.exportCsv(path, &error)) << error.toStdString();
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_EQ(QString::fromUtf8(file.readAll()), expected);
}

TEST(LossChartTest, LogScaleSwapsTheLossAxis) {
    LossChart chart;
    chart.startRun(QStringLiteral("run"));
    chart.addTrainingLoss(0.5, 0.01);
    auto* box = chart.findChild<QCheckBox*>(QStringLiteral("logScaleBox"));
    ASSERT_NE(box, nullptr);
    int changes = 0;
    QObject::connect(&chart, &LossChart::logScaleChanged, [&](bool) { ++changes; });
    EXPECT_FALSE(chart.lossAxisIsLogarithmic());
    chart.setLogScale(true);
    EXPECT_TRUE(chart.logScale());
    EXPECT_TRUE(chart.lossAxisIsLogarithmic());
    EXPECT_TRUE(box->isChecked());
    box->setChecked(false);  // the check box drives the same switch
    EXPECT_FALSE(chart.lossAxisIsLogarithmic());
    chart.setLogScale(false);  // no change, no signal
    EXPECT_EQ(changes, 2);
    EXPECT_EQ(chart.seriesCount(), 4);
}

TEST(LossChartTest, ExportsAPng) {
    LossChart chart;
    chart.resize(640, 400);
    chart.startRun(QStringLiteral("run"));
    for (int i = 1; i <= 50; ++i) chart.addTrainingLoss(i / 50.0, 2.0 / i);
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("chart.png"));
    QString error;
    ASSERT_TRUE(chart.exportPng(path, &error)) << error.toStdString();
    const QImage image(path);
    ASSERT_FALSE(image.isNull());
    EXPECT_GT(image.width(), 300);
    EXPECT_GT(image.height(), 150);
}

TEST(LossChartTest, ImpossiblePathsReportAnErrorAndLeaveNoFile) {
    LossChart chart;
    chart.startRun(QStringLiteral("run"));
    chart.addTrainingLoss(0.5, 1.0);
    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString missingFolder = dir.filePath(QStringLiteral("no/such/folder/loss.csv"));
    QString error;
    EXPECT_FALSE(chart.exportCsv(missingFolder, &error));
    EXPECT_TRUE(error.contains(missingFolder));
    EXPECT_FALSE(QFile::exists(missingFolder));
    error.clear();
    const QString png = dir.filePath(QStringLiteral("no/such/folder/loss.png"));
    EXPECT_FALSE(chart.exportPng(png, &error));
    EXPECT_FALSE(error.isEmpty());
    EXPECT_FALSE(QFile::exists(png));
    // A folder in the way: nothing replaces it.
    error.clear();
    EXPECT_FALSE(chart.exportCsv(dir.path(), &error));
    EXPECT_FALSE(error.isEmpty());
    EXPECT_TRUE(QFileInfo(dir.path()).isDir());
    EXPECT_EQ(QDir(dir.path()).entryList(QDir::NoDotAndDotDot | QDir::AllEntries).size(), 0);
}

TEST(LossChartTest, ClearForgetsEveryRun) {
    LossChart chart;
    chart.startRun(QStringLiteral("a"));
    chart.addTrainingLoss(0.5, 1.0);
    chart.clearRuns();
    EXPECT_EQ(chart.runCount(), 0);
    EXPECT_EQ(chart.seriesCount(), 0);
    EXPECT_EQ(chart.toCsv(), QStringLiteral("run,kind,epoch_position,value\n"));
    chart.startRun(QStringLiteral("a"));  // the label is free again
    EXPECT_EQ(chart.run(0).label, QStringLiteral("a"));
}

}  // namespace
}  // namespace digitscope::ui

namespace digitscope::ui {
namespace {

// Runs told apart, hidden and removed from the legend; the export carries it.
TEST(LossChartTest, TenRunsHaveTenColoursAndNamesThatSayWhatDiffers) {
    LossChart chart;
    for (int i = 0; i < 10; ++i) {
        chart.startRun(QStringLiteral("784-16-16-10 relu, adam lr 0.00%1, batch 32").arg(i + 1));
        chart.addTrainingLoss(0.5, 1.0 + i);
    }
    QSet<QRgb> colours;
    for (int i = 0; i < 10; ++i) colours.insert(chart.runColour(i).rgb());
    EXPECT_EQ(colours.size(), 10);
    EXPECT_EQ(chart.runName(0), QStringLiteral("lr 0.001"));
    EXPECT_EQ(chart.runName(9), QStringLiteral("lr 0.0010"));
    auto* hint = chart.findChild<QLabel*>(QStringLiteral("lossChartHint"));
    ASSERT_NE(hint, nullptr);
    EXPECT_TRUE(hint->text().contains(QStringLiteral("Training loss above test loss is normal")));
}

TEST(LossChartTest, TheLegendHidesAndRemovesRuns) {
    LossChart chart;
    chart.startRun(QStringLiteral("adam lr 0.002"));
    chart.addTrainingLoss(0.5, 2.0);
    chart.startRun(QStringLiteral("adam lr 0.01"));
    chart.addTrainingLoss(0.5, 3.0);
    chart.refresh();
    QWidget* first = chart.findChild<QWidget*>(QStringLiteral("lossChartRun0"));
    ASSERT_NE(first, nullptr);
    auto* shown = first->findChild<QCheckBox*>(QStringLiteral("runShownBox"));
    ASSERT_NE(shown, nullptr);
    EXPECT_EQ(shown->text(), QStringLiteral("lr 0.002"));
    shown->setChecked(false);
    EXPECT_FALSE(chart.runVisible(0));
    EXPECT_TRUE(chart.runVisible(1));
    EXPECT_EQ(chart.seriesCount(), 8);  // hidden, not forgotten

    auto* remove = first->findChild<QToolButton*>(QStringLiteral("runRemoveButton"));
    ASSERT_NE(remove, nullptr);
    remove->click();
    QCoreApplication::processEvents();
    ASSERT_EQ(chart.runCount(), 1);
    EXPECT_EQ(chart.run(0).label, QStringLiteral("adam lr 0.01"));
    EXPECT_EQ(chart.seriesCount(), 4);
    EXPECT_FALSE(chart.toCsv().contains(QStringLiteral("0.002")));
    EXPECT_EQ(chart.findChild<QWidget*>(QStringLiteral("lossChartRun1")), nullptr);
}

TEST(LossChartTest, TheExportedPictureCarriesTheLegendAboveThePlot) {
    LossChart chart;
    chart.resize(640, 400);
    chart.startRun(QStringLiteral("run"));
    for (int i = 1; i <= 20; ++i) chart.addTrainingLoss(i / 20.0, 2.0 / i);
    const QImage image = chart.exportImage();
    const QImage plot = chart.findChild<QChartView*>()->grab().toImage();
    EXPECT_GT(image.height(), plot.height());
    // The run's colour swatch in the legend band above the plot.
    const QRgb colour = chart.runColour(0).rgb();
    bool found = false;
    for (int y = 0; y < image.height() - plot.height() && !found; ++y)
        for (int x = 0; x < 40 && !found; ++x) found = image.pixel(x, y) == colour;
    EXPECT_TRUE(found);
}

}  // namespace
}  // namespace digitscope::ui
