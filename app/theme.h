#pragma once

class QApplication;

namespace digitscope::app {

// A dark Fusion palette: the canvas and the network view are light-on-dark (as MNIST and the
// video are), and the rest of the window follows so the drawing does not sit in a white frame.
void applyDarkTheme(QApplication& application);

}  // namespace digitscope::app
