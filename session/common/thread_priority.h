#pragma once

namespace digitscope::ui {

// Lowers the calling thread's scheduling priority below the GUI thread's, for threads that work
// for the window in the background (training, the edge picture). On a machine with every core
// busy, the GUI thread then gets a core as soon as it has an event to handle, instead of
// waiting its turn behind a thread that never sleeps. On Linux this is the thread's nice value
// (QThread priorities map to nothing under the default scheduler there); elsewhere
// QThread::LowPriority. Best effort: a refusal leaves the priority as it was.
void lowerCurrentThreadPriority();

// The nice value given on Linux: a nice-0 thread gets about ten times its CPU share.
inline constexpr int kBackgroundNice = 10;

}  // namespace digitscope::ui
