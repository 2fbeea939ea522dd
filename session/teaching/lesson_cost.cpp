#include "session/teaching/lesson_cost.h"

#include <QCoreApplication>
#include <QStringList>
#include <algorithm>
#include <cmath>
#include <vector>

namespace digitscope::ui {
namespace {

QString percent(double share) {
    return QStringLiteral("%1%").arg(100 * share, 0, 'f', 1);
}

}  // namespace

QString describeLessonCost(const TestScore& before, const TestScore& after) {
    const double overall = 100 * (after.accuracy - before.accuracy);
    // The digits that fell by kDigitPoints or more, the largest fall first.
    std::vector<std::pair<double, int>> fallen;
    const std::size_t digits = std::min(before.perDigit.size(), after.perDigit.size());
    for (std::size_t d = 0; d < digits; ++d) {
        const double change = 100 * (after.perDigit[d] - before.perDigit[d]);
        if (std::isfinite(change) && change <= -kDigitPoints)
            fallen.emplace_back(change, static_cast<int>(d));
    }
    if (overall > -kNoticeablePoints && fallen.empty()) return {};
    std::sort(fallen.begin(), fallen.end());
    QStringList parts;
    parts << QCoreApplication::translate("LessonCost", "MNIST test %1 → %2")
                 .arg(percent(before.accuracy), percent(after.accuracy));
    for (std::size_t i = 0; i < fallen.size() && i < 2; ++i) {
        const auto d = static_cast<std::size_t>(fallen[i].second);
        parts << QStringLiteral("%1: %2 → %3")
                     .arg(fallen[i].second)
                     .arg(percent(before.perDigit[d]), percent(after.perDigit[d]));
    }
    return parts.join(QStringLiteral("; "));
}

}  // namespace digitscope::ui
