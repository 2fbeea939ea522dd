#include "session/teaching/lesson_cost.h"

#include <gtest/gtest.h>

#include <limits>

namespace digitscope::ui {
namespace {

TestScore scores(double accuracy, double eights) {
    TestScore score{accuracy, std::vector<double>(10, 0.97)};
    score.perDigit[8] = eights;
    return score;
}

TEST(LessonCost, SaysNothingWhenNothingMovedEnough) {
    EXPECT_TRUE(describeLessonCost(scores(0.9605, 0.95), scores(0.9600, 0.945)).isEmpty());
    EXPECT_TRUE(describeLessonCost(scores(0.9605, 0.95), scores(0.9700, 0.99)).isEmpty());
}

TEST(LessonCost, NamesTheWholeTestSetAndTheDigitsThatFell) {
    // One correction of a tall 0 on 3b1b: 175 of 974 eights read as 0.
    TestScore after = scores(0.9291, 0.776);
    after.perDigit[2] = 0.90;  // a second digit fell less far: named after the eights
    after.perDigit[5] = 0.96;  // one point: not named
    EXPECT_EQ(describeLessonCost(scores(0.9612, 0.955), after),
              QStringLiteral("MNIST test 96.1% → 92.9%; 8: 95.5% → 77.6%; 2: 97.0% → 90.0%"));
    // A single digit's fall is worth saying even when the whole set barely moved.
    EXPECT_EQ(describeLessonCost(scores(0.9612, 0.95), scores(0.9601, 0.92)),
              QStringLiteral("MNIST test 96.1% → 96.0%; 8: 95.0% → 92.0%"));
}

TEST(LessonCost, ADigitWithoutTestImagesIsNotNamed) {
    TestScore before = scores(0.95, std::numeric_limits<double>::quiet_NaN());
    TestScore after = scores(0.94, std::numeric_limits<double>::quiet_NaN());
    EXPECT_EQ(describeLessonCost(before, after), QStringLiteral("MNIST test 95.0% → 94.0%"));
}

}  // namespace
}  // namespace digitscope::ui
