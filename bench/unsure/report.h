#pragma once

#include <ostream>
#include <string>

namespace digitscope::bench {

struct ReportOptions {
    std::string dataDir = "data/mnist";
    std::string penPath = "resources/pendigits/pendigits-train.jsonl.gz";
    std::string gatePath;        // empty: the bundled gate
    int perFamily = 1000;        // non-digits measured per family
    bool folds = true;           // re-fit a gate (and the PCA score) per fold of writers
    bool familyHoldout = false;  // re-fit a gate without each fitted family in turn
};

// Markdown tables on `out`, progress on stderr: non-digits flagged per family, MNIST test digits
// flagged (as they are and restroked), pen digits flagged per fold of writers, for the gate and
// the candidates it was chosen over, then both bundled models' accuracy on what is and is not
// flagged. Returns 0.
int report(const ReportOptions& options, std::ostream& out);

}  // namespace digitscope::bench
