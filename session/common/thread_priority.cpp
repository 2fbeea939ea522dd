#include "session/common/thread_priority.h"

#include <QThread>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace digitscope::ui {

void lowerCurrentThreadPriority() {
#ifdef __linux__
    // Linux keeps a nice value per thread: PRIO_PROCESS with a thread id sets only that thread
    // (and the threads it starts later, such as OpenMP's).
    const auto thread = static_cast<id_t>(::syscall(SYS_gettid));
    const int current = ::getpriority(PRIO_PROCESS, thread);
    if (current < kBackgroundNice) (void)::setpriority(PRIO_PROCESS, thread, kBackgroundNice);
#else
    QThread::currentThread()->setPriority(QThread::LowPriority);
#endif
}

}  // namespace digitscope::ui
