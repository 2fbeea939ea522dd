#include "session/training/run_health.h"

#include <QCoreApplication>
#include <algorithm>
#include <cmath>

#include "session/training/training_config.h"

namespace digitscope::ui {
namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("RunHealth", text);
}

constexpr double kChanceMargin = 1.5;     // up to 1.5 x chance (15% of ten classes): guessing
constexpr double kDeadLayerShare = 0.95;  // a layer this constant passes nothing on
constexpr double kRisingLoss = 1.5;       // this epoch's loss over the first epoch's

QString percent(double share) {
    return QString::number(100 * share, 'f', 1) + QLatin1Char('%');
}

}  // namespace

std::vector<double> constantUnitShare(const core::Network& network, const Eigen::MatrixXf& inputs) {
    core::ForwardTrace trace;
    network.forward(inputs, trace);
    std::vector<double> shares;
    // activations[1 .. layerCount-1] are the hidden layers (units x B).
    for (int l = 1; l + 1 < static_cast<int>(trace.activations.size()); ++l) {
        const Eigen::MatrixXf& a = trace.activations[static_cast<std::size_t>(l)];
        if (a.rows() == 0 || a.cols() < 2) {
            shares.push_back(0);
            continue;
        }
        const Eigen::VectorXf spread = a.rowwise().maxCoeff() - a.rowwise().minCoeff();
        const auto constant = (spread.array() <= 1e-6f).count();
        shares.push_back(static_cast<double>(constant) / static_cast<double>(a.rows()));
    }
    return shares;
}

double gentlerLearningRate(double rate, core::OptimizerKind optimizer) {
    const double usual = defaultLearningRate(optimizer);
    return rate > 10 * usual ? usual : rate / 10;
}

RunTrouble diagnoseEpoch(const EpochCheck& check) {
    int deadLayer = -1;  // 0-based hidden layer that passes nothing on
    double deadShare = 0;
    for (std::size_t l = 0; l < check.constantShare.size(); ++l)
        if (check.constantShare[l] >= kDeadLayerShare && check.constantShare[l] > deadShare) {
            deadLayer = static_cast<int>(l);
            deadShare = check.constantShare[l];
        }
    const double chance = 1.0 / std::max(1, check.classes);
    const bool guessing = check.testAccuracy >= 0 && check.testAccuracy <= kChanceMargin * chance;
    const bool rising = check.epoch > 1 && std::isfinite(check.trainLoss) &&
                        check.firstTrainLoss > 0 &&
                        check.trainLoss > kRisingLoss * check.firstTrainLoss;
    const QString rate = formatRate(check.learningRate);
    const QString suggestion = formatRate(gentlerLearningRate(check.learningRate, check.optimizer));

    RunTrouble trouble;
    QString what;
    if (deadLayer >= 0) {
        const QString which = deadShare >= 1.0
                                  ? tr("Every neuron of hidden layer %1 gives").arg(deadLayer + 1)
                                  : tr("%1 of the neurons of hidden layer %2 give")
                                        .arg(percent(deadShare))
                                        .arg(deadLayer + 1);
        what = which + tr(" the same output whatever the digit (\"dead\"): no gradient reaches "
                          "them, so the network cannot learn any more.");
        trouble.stopsLearning = true;
    }
    if (guessing) {
        const QString guess = tr("After epoch %1 the network gets %2 of the test digits right: "
                                 "no better than guessing (%3).")
                                  .arg(check.epoch)
                                  .arg(percent(check.testAccuracy), percent(chance));
        what = what.isEmpty() ? guess : guess + QLatin1Char(' ') + what;
        trouble.stopsLearning = true;
    } else if (rising) {
        const QString up = tr("The training loss is rising: %1 in epoch %2, against %3 in "
                              "epoch 1.")
                               .arg(check.trainLoss, 0, 'f', 3)
                               .arg(check.epoch)
                               .arg(check.firstTrainLoss, 0, 'f', 3);
        what = what.isEmpty() ? up : up + QLatin1Char(' ') + what;
    }
    if (what.isEmpty()) return trouble;
    trouble.message =
        what + QLatin1Char(' ') +
        tr("The learning rate %1 is most likely too high: press Reset, set it to %2 and train "
           "again.")
            .arg(rate, suggestion);
    return trouble;
}

}  // namespace digitscope::ui
