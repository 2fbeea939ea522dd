#pragma once

#include <QStringList>
#include <iosfwd>

namespace digitscope::app {

// digitscope-cli: train | eval | predict | convert. Exit codes: 0 success, 1 bad data or files,
// 2 bad usage. Errors go to `err` as "error: ...". Kept apart from main() for the tests.
int runCli(const QStringList& arguments, std::ostream& out, std::ostream& err);

}  // namespace digitscope::app
