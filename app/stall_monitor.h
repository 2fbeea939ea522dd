#pragma once

#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QTimer>
#include <vector>

namespace digitscope::app {

// Measures how late the GUI thread's event loop serves a precise 10 ms timer: the user-visible
// stall of the window. Every report period it appends "seconds worst_ms median_ms" to a file
// (the soak script reads it); the worst since the start is kept for the caller as well.
class StallMonitor : public QObject {
    Q_OBJECT
public:
    // Throws nothing; a file that cannot be opened leaves only worstMs() working.
    explicit StallMonitor(const QString& logPath, int reportMs = 5000, QObject* parent = nullptr);

    double worstMs() const { return m_worstMs; }

private:
    void tick();
    void report();

    static constexpr int kTickMs = 10;

    QFile m_log;
    QTimer m_ticker;
    QTimer m_reporter;
    QElapsedTimer m_clock;
    qint64 m_lastTickNs = 0;
    std::vector<double> m_lateness;  // ms late of each tick in this report period
    double m_worstMs = 0;
};

}  // namespace digitscope::app
