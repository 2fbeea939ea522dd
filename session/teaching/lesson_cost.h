#pragma once

#include <QString>

#include "session/teaching/lesson_worker.h"

namespace digitscope::ui {

// What a lesson cost the digits it was not taught, in a few words for the hint under the bars:
// "MNIST test 96.1% → 95.0%; 8: 97.2% → 85.9%" — empty when nothing moved enough to matter
// (the whole test set down by less than kNoticeablePoints, and no digit by kDigitPoints).
QString describeLessonCost(const TestScore& before, const TestScore& after);

inline constexpr double kNoticeablePoints = 0.2;
inline constexpr double kDigitPoints = 2.0;

}  // namespace digitscope::ui
