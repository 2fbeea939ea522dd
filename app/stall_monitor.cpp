#include "app/stall_monitor.h"

#include <QDir>
#include <QFileInfo>
#include <QTextStream>
#include <algorithm>

namespace digitscope::app {

StallMonitor::StallMonitor(const QString& logPath, int reportMs, QObject* parent)
    : QObject(parent), m_log(logPath) {
    if (!logPath.isEmpty()) {
        (void)m_log.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text);
        m_events.setFileName(eventsPath(logPath));
        (void)m_events.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text);
    }
    m_lateness.reserve(static_cast<std::size_t>(reportMs / kTickMs) + 16);
    m_ticker.setTimerType(Qt::PreciseTimer);
    m_ticker.setInterval(kTickMs);
    connect(&m_ticker, &QTimer::timeout, this, &StallMonitor::tick);
    m_reporter.setInterval(reportMs);
    connect(&m_reporter, &QTimer::timeout, this, &StallMonitor::report);
    m_clock.start();
    QTimer::singleShot(0, this, &StallMonitor::start);
}

QString StallMonitor::eventsPath(const QString& logPath) {
    const QFileInfo log(logPath);
    return log.dir().filePath(log.completeBaseName() + QStringLiteral("-events.log"));
}

void StallMonitor::start() {
    recordStartupStep(QStringLiteral("until the event loop ran"));
    m_lastTickNs = m_clock.nsecsElapsed();
    m_ticker.start();
    m_reporter.start();
}

void StallMonitor::tick() {
    const qint64 now = m_clock.nsecsElapsed();
    const double late = std::max(0.0, static_cast<double>(now - m_lastTickNs) / 1e6 - kTickMs);
    m_lastTickNs = now;
    m_lateness.push_back(late);
    m_worstMs = std::max(m_worstMs, late);
    if (late >= kSlowMs)
        writeEvent(QStringLiteral("%1 late %2 ms")
                       .arg(secondsAt(std::chrono::steady_clock::now()), 0, 'f', 3)
                       .arg(late, 0, 'f', 1));
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
    out << QString::number(static_cast<double>(m_clock.elapsed()) / 1000.0, 'f', 1) << ' '
        << QString::number(worst, 'f', 1) << ' ' << QString::number(median, 'f', 2) << '\n';
    out.flush();
}

void StallMonitor::recordDelivery(const TimedApplication::Delivery& delivery) {
    QString receiver = QString::fromLatin1(delivery.receiverClass);
    if (!delivery.receiverName.isEmpty())
        receiver += QStringLiteral(" \"%1\"").arg(delivery.receiverName);
    if (*delivery.parentClass)
        receiver += QStringLiteral(" (in %1)").arg(QString::fromLatin1(delivery.parentClass));
    writeEvent(QStringLiteral("%1 slow %2 ms depth %3 %4 to %5")
                   .arg(secondsAt(delivery.start), 0, 'f', 3)
                   .arg(delivery.ms, 0, 'f', 1)
                   .arg(delivery.depth)
                   .arg(TimedApplication::typeName(delivery.type), receiver));
}

void StallMonitor::recordStartupStep(const QString& what) {
    const auto now = std::chrono::steady_clock::now();
    const std::chrono::duration<double, std::milli> took = now - m_lastStep;
    m_lastStep = now;
    writeEvent(QStringLiteral("%1 startup %2 ms %3")
                   .arg(secondsAt(now), 0, 'f', 3)
                   .arg(took.count(), 0, 'f', 1)
                   .arg(what));
}

double StallMonitor::secondsAt(std::chrono::steady_clock::time_point time) const {
    return std::chrono::duration<double>(time - m_made).count();
}

void StallMonitor::writeEvent(const QString& line) {
    if (!m_events.isOpen()) return;
    m_events.write(line.toUtf8() + '\n');
    m_events.flush();
}

}  // namespace digitscope::app
