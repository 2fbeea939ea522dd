#include "session/training/loss_history.h"

#include <gtest/gtest.h>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <algorithm>
#include <cmath>

namespace digitscope::ui {
namespace {

QList<QPointF> sawtooth(int count) {
    QList<QPointF> points;
    for (int i = 0; i < count; ++i) points.append(QPointF(i, i % 10 == 3 ? -5.0 : i % 7));
    return points;
}

TEST(LossHistoryTest, ShortCurvesAreDrawnWhole) {
    const QList<QPointF> points = sawtooth(50);
    EXPECT_EQ(LossHistory::decimated(points, 25, true), points);
    EXPECT_EQ(LossHistory::decimated(points, 50, false), points);
}

TEST(LossHistoryTest, TheEnvelopeKeepsEachBucketsExtremesInOrder) {
    const QList<QPointF> points = sawtooth(1000);
    const QList<QPointF> drawn = LossHistory::decimated(points, 100, true);
    EXPECT_LE(drawn.size(), 200);
    EXPECT_GE(drawn.size(), 100);
    // Every dip to -5 and every peak of 6 survives somewhere; x only grows.
    double lowest = 0;
    double highest = 0;
    for (qsizetype i = 0; i < drawn.size(); ++i) {
        lowest = std::min(lowest, drawn[i].y());
        highest = std::max(highest, drawn[i].y());
        if (i > 0) {
            EXPECT_LT(drawn[i - 1].x(), drawn[i].x());
        }
    }
    EXPECT_EQ(lowest, -5.0);
    EXPECT_EQ(highest, 6.0);
    // Bucket 0 holds x 0..9: its low is x 3 (-5), its high x 6 (6).
    EXPECT_EQ(drawn[0], QPointF(3, -5));
    EXPECT_EQ(drawn[1], QPointF(6, 6));
}

TEST(LossHistoryTest, SmoothCurvesKeepEachBucketsLastPoint) {
    const QList<QPointF> drawn = LossHistory::decimated(sawtooth(1000), 100, false);
    ASSERT_EQ(drawn.size(), 100);
    EXPECT_EQ(drawn.front().x(), 9.0);
    EXPECT_EQ(drawn.back().x(), 999.0);
}

TEST(LossHistoryTest, NiceSteps) {
    EXPECT_DOUBLE_EQ(LossHistory::niceStep(0.46), 0.5);
    EXPECT_DOUBLE_EQ(LossHistory::niceStep(0.5), 0.5);
    EXPECT_DOUBLE_EQ(LossHistory::niceStep(0.21), 0.25);
    EXPECT_DOUBLE_EQ(LossHistory::niceStep(1.3), 2.0);
    EXPECT_DOUBLE_EQ(LossHistory::niceStep(7), 10.0);
    EXPECT_DOUBLE_EQ(LossHistory::niceStep(0.001), 0.001);
}

TEST(LossHistoryTest, ExtentCoversLossesAndAccuracy) {
    LossHistory history;
    EXPECT_FALSE(history.extent().hasLoss);
    history.startRun(QStringLiteral("a"));
    history.addTrainingLoss(0.5, 2.0);
    history.addTrainingLoss(1.5, 0.25);
    history.addEpoch(2, 0.5, 0.75);
    const LossHistory::Extent extent = history.extent();
    EXPECT_TRUE(extent.hasLoss);
    EXPECT_DOUBLE_EQ(extent.maxEpoch, 2.0);
    EXPECT_DOUBLE_EQ(extent.minLoss, 0.25);
    EXPECT_DOUBLE_EQ(extent.maxLoss, 2.0);
    EXPECT_TRUE(extent.hasAccuracy);
    EXPECT_DOUBLE_EQ(extent.minAccuracy, 0.75);
}

TEST(LossHistoryTest, QuotesLabelsWithQuotes) {
    LossHistory history;
    history.startRun(QStringLiteral("say \"hi\""));
    history.addEpoch(1, std::nan(""), 0.5);
    EXPECT_EQ(history.toCsv(), QStringLiteral("run,kind,epoch_position,value\n"
                                              "\"say \"\"hi\"\"\",test_accuracy,1,0.5\n"));
}

TEST(LossHistoryTest, AFailedWriteReportsAndKeepsTheOldFile) {
    QString error;
    EXPECT_FALSE(saveAtomically(
        QStringLiteral("/nonexistent-folder/x.csv"), [](QIODevice&) { return true; }, &error));
    EXPECT_TRUE(error.startsWith(QStringLiteral("/nonexistent-folder/x.csv: ")));

    QTemporaryDir dir;
    ASSERT_TRUE(dir.isValid());
    const QString path = dir.filePath(QStringLiteral("loss.csv"));
    ASSERT_TRUE(saveAtomically(
        path, [](QIODevice& file) { return file.write("old\n") == 4; }, &error));
    error.clear();
    EXPECT_FALSE(saveAtomically(
        path,
        [](QIODevice& file) {
            file.write("half of the new");
            return false;  // the writer gave up
        },
        &error));
    EXPECT_FALSE(error.isEmpty());
    QFile file(path);
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    EXPECT_EQ(file.readAll(), QByteArray("old\n"));
    EXPECT_EQ(QDir(dir.path()).entryList(QDir::Files).size(), 1);  // no temporary left behind
}

}  // namespace
}  // namespace digitscope::ui

namespace digitscope::ui {
namespace {

TEST(LossHistory, LongRunsKeepBoundedPointsAndTheCurveShape) {
    LossHistory history;
    history.startRun(QStringLiteral("long"));
    const int reports = 3 * LossHistory::kMaxTrainingPoints + 17;
    // A falling loss: 2 at the start down to 0.2 at epoch 100.
    for (int i = 0; i < reports; ++i) {
        const double epoch = 100.0 * i / (reports - 1);
        ASSERT_TRUE(history.addTrainingLoss(epoch, 0.2 + 1.8 * std::exp(-epoch / 10)));
    }
    const LossHistory::Run& run = history.run(0);
    EXPECT_LE(run.raw.size(), LossHistory::kMaxTrainingPoints);
    EXPECT_GT(run.raw.size(), LossHistory::kMaxTrainingPoints / 2);
    EXPECT_EQ(run.smoothed.size(), run.raw.size());
    for (qsizetype i = 1; i < run.raw.size(); ++i)
        ASSERT_LT(run.raw[i - 1].x(), run.raw[i].x()) << i;  // still in order
    EXPECT_LT(run.raw.front().x(), 0.05);
    // An even resolution: every kept point stands for the same number of reports (but an odd
    // one left over by a merge), so the gaps between points are alike.
    double smallest = 1e9, largest = 0;
    for (qsizetype i = 1; i + 1 < run.raw.size(); ++i) {
        const double gap = run.raw[i].x() - run.raw[i - 1].x();
        smallest = std::min(smallest, gap);
        largest = std::max(largest, gap);
    }
    EXPECT_LT(largest, 2.5 * smallest);
    EXPECT_GT(run.raw.back().x(), 99.9);
    // Merged points are means of neighbours: still on the curve, within the change between them.
    for (const QPointF& p : run.raw)
        ASSERT_NEAR(p.y(), 0.2 + 1.8 * std::exp(-p.x() / 10), 2e-3) << p.x();
}

}  // namespace
}  // namespace digitscope::ui
