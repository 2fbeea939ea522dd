#include "ui/canvas/prediction_bars.h"

#include <gtest/gtest.h>

#include <QFontMetrics>
#include <QImage>
#include <cmath>
#include <cstdlib>

#include "ui/common/headline_font.h"

namespace digitscope::ui {
namespace {

Eigen::VectorXf outputs(std::initializer_list<float> values) {
    Eigen::VectorXf v(static_cast<Eigen::Index>(values.size()));
    Eigen::Index i = 0;
    for (float value : values) v(i++) = value;
    return v;
}

// Pixels of the winner's amber in one digit's column of the widget.
int amberPixels(const QImage& image, int digit) {
    const int left = image.width() * digit / 10;
    const int right = image.width() * (digit + 1) / 10;
    int count = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = left; x < right; ++x) {
            const QColor c = image.pixelColor(x, y);
            if (c.red() > 220 && c.green() > 150 && c.green() < 200 && c.blue() < 100) ++count;
        }
    return count;
}

TEST(PredictionBars, SaysWhichDigitAndHowSure) {
    PredictionBars bars;
    bars.setProbabilities(
        outputs({0.005f, 0.0f, 0.0f, 0.0f, 0.97f, 0.0f, 0.0f, 0.0f, 0.0f, 0.025f}));
    EXPECT_TRUE(bars.hasPrediction());
    EXPECT_EQ(bars.predictedDigit(), 4);
    EXPECT_NEAR(bars.confidence(), 0.97, 1e-6);
    EXPECT_EQ(bars.verdict(), QStringLiteral("4 — 97% sure"));
}

TEST(PredictionBars, NamesAStrongRunnerUp) {
    PredictionBars bars;
    bars.setProbabilities(outputs({0, 0, 0, 0.35f, 0, 0.6f, 0, 0, 0.05f, 0}));
    EXPECT_EQ(bars.verdict(), QStringLiteral("5 — 60% sure, maybe 3"));
}

TEST(PredictionBars, ShowsSigmoidOutputsAsShares) {
    PredictionBars bars;
    // The video's sigmoid outputs need not sum to one.
    bars.setProbabilities(outputs({0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.1f, 0.9f, 0.1f, 0.1f}));
    EXPECT_EQ(bars.predictedDigit(), 7);
    EXPECT_NEAR(bars.shares().sum(), 1.0f, 1e-6f);
    EXPECT_NEAR(bars.confidence(), 0.5, 1e-6);
}

TEST(PredictionBars, EmptyOrBrokenOutputsGiveTheHint) {
    PredictionBars bars;
    EXPECT_FALSE(bars.hasPrediction());
    EXPECT_EQ(bars.predictedDigit(), -1);
    EXPECT_EQ(bars.verdict(), PredictionBars::tr("Draw a digit to see what the network thinks"));
    bars.setProbabilities(outputs({0, 0, 0, 0, 0, 0, 0, 0, 1, 0}));
    EXPECT_EQ(bars.predictedDigit(), 8);
    bars.setProbabilities(outputs({0, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
    EXPECT_FALSE(bars.hasPrediction());
    bars.setProbabilities(outputs({std::nanf(""), 1, 0, 0, 0, 0, 0, 0, 0, 0}));
    EXPECT_FALSE(bars.hasPrediction());
    bars.setProbabilities(outputs({0, 0, 1, 0, 0, 0, 0, 0, 0, 0}));
    bars.clear();
    EXPECT_FALSE(bars.hasPrediction());
}

TEST(PredictionBars, HighlightsOnlyTheWinner) {
    PredictionBars bars;
    bars.resize(400, 190);
    bars.setProbabilities(
        outputs({0.02f, 0.01f, 0.01f, 0.3f, 0.01f, 0.02f, 0.6f, 0.01f, 0.01f, 0.01f}));
    const QImage winner = bars.grab().toImage();
    EXPECT_GT(amberPixels(winner, 6), 200);  // a tall amber bar and its label
    for (int digit : {0, 1, 2, 3, 4, 5, 7, 8, 9}) EXPECT_EQ(amberPixels(winner, digit), 0) << digit;

    bars.clear();
    const QImage hint = bars.grab().toImage();
    for (int digit = 0; digit < 10; ++digit) EXPECT_EQ(amberPixels(hint, digit), 0) << digit;
}

TEST(PredictionBars, SaysWhenTheInputDoesNotLookLikeADigit) {
    PredictionBars bars;
    bars.resize(400, 190);
    bars.setProbabilities(outputs({0, 0, 0, 0.02f, 0, 0, 0, 0, 0.91f, 0.07f}));
    bars.setUnsure(true);
    EXPECT_TRUE(bars.isUnsure());
    EXPECT_EQ(bars.verdict(), PredictionBars::tr("Doesn't look like a digit"));
    // The bars stay, but no guess is highlighted.
    EXPECT_TRUE(bars.hasPrediction());
    EXPECT_EQ(bars.predictedDigit(), 8);
    const QImage unsure = bars.grab().toImage();
    for (int digit = 0; digit < 10; ++digit) EXPECT_EQ(amberPixels(unsure, digit), 0) << digit;

    // A new prediction is sure until the gate says otherwise; a cleared one has nothing to doubt.
    bars.setProbabilities(outputs({0, 0, 0, 0, 0, 0, 0, 0, 0.9f, 0.1f}));
    EXPECT_FALSE(bars.isUnsure());
    EXPECT_EQ(bars.verdict(), QStringLiteral("8 — 90% sure"));
    bars.setUnsure(true);
    bars.clear();
    EXPECT_FALSE(bars.isUnsure());
    bars.setUnsure(true);
    EXPECT_FALSE(bars.isUnsure());
    EXPECT_EQ(bars.verdict(), PredictionBars::tr("Draw a digit to see what the network thinks"));
}

TEST(PredictionBars, BarHeightsFollowTheShares) {
    PredictionBars bars;
    bars.resize(400, 190);
    bars.setProbabilities(outputs({0, 0, 0.25f, 0, 0, 0, 0, 0, 0.75f, 0}));
    const QImage image = bars.grab().toImage();
    auto barHeight = [&](int digit) {
        // Pixels of the bar's own colour (amber for the winner, slate for the rest) down the
        // middle of its column.
        const int x = image.width() * (2 * digit + 1) / 20;
        int filled = 0;
        for (int y = 0; y < image.height(); ++y) {
            const QColor c = image.pixelColor(x, y);
            const bool amber =
                c.red() > 220 && c.green() > 150 && c.green() < 200 && c.blue() < 100;
            const bool slate = std::abs(c.red() - 0x58) < 6 && std::abs(c.green() - 0x6a) < 6 &&
                               std::abs(c.blue() - 0x82) < 6;
            filled += amber || slate;
        }
        return filled;
    };
    const int tall = barHeight(8);
    const int short_ = barHeight(2);
    EXPECT_GT(tall, 60);
    EXPECT_NEAR(static_cast<double>(tall) / short_, 3.0, 0.8);
}

TEST(PredictionBars, APercentWiderThanItsSlotIsNotCutAtTheEdge) {
    // In the app the bars are ~190 px wide: "100%" over digit 0 is wider than its slot and was
    // drawn half outside the widget (".00%").
    PredictionBars bars;
    bars.resize(190, 190);
    bars.setProbabilities(outputs({1, 0, 0, 0, 0, 0, 0, 0, 0, 0}));
    const QImage image = bars.grab().toImage();
    const auto amber = [&](int x, int y) {
        const QColor c = image.pixelColor(x, y);
        return c.red() > 200 && c.green() > 130 && c.green() < 210 && c.blue() < 120;
    };
    const int barX = image.width() / 20;  // the middle of digit 0's bar
    int barTop = -1;
    for (int y = 0; y + 20 < image.height() && barTop < 0; ++y) {
        bool solid = true;
        for (int k = 0; k < 20; ++k) solid = solid && amber(barX, y + k);
        if (solid) barTop = y;
    }
    ASSERT_GT(barTop, 0);
    int left = image.width(), right = -1;
    for (int y = 0; y < barTop; ++y)
        for (int x = 0; x < image.width(); ++x)
            if (amber(x, y)) left = std::min(left, x), right = std::max(right, x);
    ASSERT_GE(right, left) << "no label above the bar";
    const int textWidth = QFontMetrics(bars.font()).horizontalAdvance(QStringLiteral("100%"));
    EXPECT_GE(right - left + 1, textWidth - 4);
    EXPECT_GT(left, 0);
}

}  // namespace
}  // namespace digitscope::ui

namespace digitscope::ui {
namespace {

// The verdict stays on its line in a narrow panel: the band between it and the bars (where
// the old word-wrapped verdict spilled its second line) holds no text.
TEST(PredictionBars, ALongVerdictFitsOnItsLine) {
    PredictionBars bars;
    bars.resize(140, 220);
    bars.setProbabilities(outputs({0.47f, 0, 0, 0, 0.25f, 0, 0.06f, 0, 0, 0.22f}));
    ASSERT_EQ(bars.verdict(), QStringLiteral("0 — 47% sure, maybe 4"));
    const QImage image = bars.grab().toImage();
    const int lineBottom = QFontMetrics(headlineFont(bars.font())).height() + 10;
    const QColor background = image.pixelColor(image.width() - 1, lineBottom + 3);
    auto inkInRows = [&](int from, int to) {
        int count = 0;
        for (int y = from; y < to; ++y)
            for (int x = 0; x < image.width(); ++x)
                if (image.pixelColor(x, y) != background) ++count;
        return count;
    };
    // A wrapped verdict is centred on two lines: it is cut at the top edge and spills below.
    EXPECT_EQ(inkInRows(0, 3), 0);
    EXPECT_EQ(inkInRows(lineBottom + 1, lineBottom + 8), 0);
    EXPECT_GT(inkInRows(3, lineBottom), 20);  // and it was drawn
}

}  // namespace
}  // namespace digitscope::ui

namespace digitscope::ui {
namespace {

// In a narrow panel, neighbours' percentages ("31%" over 2, "29%" over 3)
// were drawn over one another.
TEST(PredictionBars, PercentLabelsNeverOverlap) {
    PredictionBars bars;
    bars.resize(200, 170);  // 20 px a digit: narrower than "31%"
    bars.setProbabilities(outputs({0.02f, 0.06f, 0.31f, 0.29f, 0.25f, 0.07f, 0, 0, 0, 0}));
    const auto labels = bars.percentLabels();
    ASSERT_GE(labels.size(), 3u);
    EXPECT_EQ(labels.front().digit, 2);  // the winner's is there, first
    const QFontMetrics metrics(bars.font());
    ASSERT_GT(metrics.horizontalAdvance(QStringLiteral("31%")), 20);  // so they would collide
    for (std::size_t i = 0; i < labels.size(); ++i) {
        EXPECT_TRUE(QRectF(bars.rect()).contains(labels[i].box)) << labels[i].digit;
        for (std::size_t j = i + 1; j < labels.size(); ++j)
            EXPECT_FALSE(labels[i].box.intersects(labels[j].box))
                << labels[i].digit << " and " << labels[j].digit;
    }
    // What the widget draws: the winner's amber percentage over its bar.
    EXPECT_GT(amberPixels(bars.grab().toImage(), 2), 0);

    // With room, each label sits right over its own bar.
    bars.resize(600, 170);
    for (const auto& label : bars.percentLabels())
        EXPECT_NEAR(label.box.center().x(), 60 * (label.digit + 0.5), 1.0) << label.digit;
}

}  // namespace
}  // namespace digitscope::ui
