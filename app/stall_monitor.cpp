#include "app/stall_monitor.h"

#include <QTextStream>
#include <algorithm>

namespace digitscope::app {

StallMonitor::StallMonitor(const QString& logPath, int reportMs, QObject* parent)
    : QObject(parent), m_log(logPath) {
    if (!logPath.isEmpty())
        (void)m_log.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text);
    m_lateness.reserve(static_cast<std::size_t>(reportMs / kTickMs) + 16);
    m_ticker.setTimerType(Qt::PreciseTimer);
    m_ticker.setInterval(kTickMs);
    connect(&m_ticker, &QTimer::timeout, this, &StallMonitor::tick);
    m_reporter.setInterval(reportMs);
    connect(&m_reporter, &QTimer::timeout, this, &StallMonitor::report);
    m_clock.start();
    m_lastTickNs = m_clock.nsecsElapsed();
    m_ticker.start();
    m_reporter.start();
}

void StallMonitor::tick() {
    const qint64 now = m_clock.nsecsElapsed();
    const double late = std::max(0.0, (now - m_lastTickNs) / 1e6 - kTickMs);
    m_lastTickNs = now;
    m_lateness.push_back(late);
    m_worstMs = std::max(m_worstMs, late);
}

void StallMonitor::report() {
    if (m_lateness.empty()) return;
    auto middle = m_lateness.begin() + static_cast<std::ptrdiff_t>(m_lateness.size() / 2);
    std::nth_element(m_lateness.begin(), middle, m_lateness.end());
    const double median = *middle;
    const double worst = *std::max_element(m_lateness.begin(), m_lateness.end());
    m_lateness.clear();
    if (!m_log.isOpen()) return;
    QTextStream out(&m_log);
    out << QString::number(m_clock.elapsed() / 1000.0, 'f', 1) << ' '
        << QString::number(worst, 'f', 1) << ' ' << QString::number(median, 'f', 2) << '\n';
    out.flush();
}

}  // namespace digitscope::app
