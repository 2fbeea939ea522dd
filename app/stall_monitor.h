#pragma once

#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QString>
#include <QTimer>
#include <chrono>
#include <vector>

#include "app/timed_application.h"

namespace digitscope::app {

// Measures how late the GUI thread's event loop serves a precise 10 ms timer: the user-visible
// stall of the window. Every report period it appends "seconds worst_ms median_ms" to a file
// (the soak script reads it); the worst since the start is kept for the caller as well.
//
// Beside it, in eventsPath(logPath), it writes what explains a stall, one line each, seconds
// since the monitor was made first: every tick later than kSlowMs ("late"), every event
// delivery on the GUI thread that took kSlowMs or more ("slow", fed by TimedApplication), and
// the start-up steps main() times before the event loop runs ("startup").
class StallMonitor : public QObject {
    Q_OBJECT
public:
    // Throws nothing; a file that cannot be opened leaves only worstMs() working. The ticks
    // begin once the event loop runs, so start-up work is reported as steps, not as a stall.
    explicit StallMonitor(const QString& logPath, int reportMs = 5000, QObject* parent = nullptr);

    static constexpr double kSlowMs = 30.0;
    // "dir/stalls.log" -> "dir/stalls-events.log"
    static QString eventsPath(const QString& logPath);

    double worstMs() const { return m_worstMs; }

    void recordDelivery(const TimedApplication::Delivery& delivery);
    // A start-up step that ran since the previous one (or since the monitor was made).
    void recordStartupStep(const QString& what);

private:
    void start();
    void tick();
    void report();
    double secondsAt(std::chrono::steady_clock::time_point time) const;
    void writeEvent(const QString& line);

    static constexpr int kTickMs = 10;

    QFile m_log;
    QFile m_events;
    QTimer m_ticker;
    QTimer m_reporter;
    QElapsedTimer m_clock;
    std::chrono::steady_clock::time_point m_made = std::chrono::steady_clock::now();
    std::chrono::steady_clock::time_point m_lastStep = m_made;
    qint64 m_lastTickNs = 0;
    std::vector<double> m_lateness;  // ms late of each tick in this report period
    double m_worstMs = 0;
};

}  // namespace digitscope::app
