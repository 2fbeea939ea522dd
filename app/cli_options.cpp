#include "app/cli_options.h"

#include <algorithm>

namespace digitscope::app {

const std::vector<CliCommand>& cliCommands() {
    static const std::vector<CliCommand> commands{
        {"train",
         "--data DIR [--from-model MODEL] [--arch 784-16-16-10] [--activation relu|sigmoid|tanh]\n"
         "        [--loss xent|mse] [--optimizer sgd|momentum|adam] [--lr F] [--batch N]\n"
         "        [--epochs N] [--seed N] [--threads N] [--train-limit N] [--out MODEL] [--json]\n"
         "        [--schedule constant|step|cosine] [--weight-decay F] [--augment|--no-augment]\n"
         "        [--augment-strength F] [--restroke F] [--strokes-data FILE[:SHARE] ...]\n"
         "        [--strokes-augment F] [--random-labels]",
         "Trains a network on an MNIST-layout folder of IDX files, plus any labelled stroke "
         "files (each with its share of every batch, drawings distorted as strokes), and "
         "reports each epoch's test score; --out saves the model (.dsm, or .onnx by the "
         "extension). --from-model trains as a saved model was trained (its recorded settings "
         "and seed, each option given overriding its own): the same data give the same weights.",
         {"from-model",
          "data",
          "arch",
          "activation",
          "loss",
          "optimizer",
          "lr",
          "batch",
          "epochs",
          "seed",
          "threads",
          "train-limit",
          "out",
          "json",
          "schedule",
          "weight-decay",
          "augment",
          "no-augment",
          "augment-strength",
          "restroke",
          "strokes-data",
          "strokes-augment",
          "random-labels"}},
        {"eval",
         "--data DIR [--model MODEL] [--json] [--threads N]",
         "Scores a model on the test images of an MNIST-layout folder: accuracy, loss, per-class "
         "accuracy and the confusion matrix.",
         {"data", "model", "json", "threads"}},
        {"predict",
         "[--model MODEL] (--image PNG | --strokes FILE)",
         "Reads an image, or drawings as JSON Lines in canvas pixels, and prints the digit and "
         "the ten probabilities for each.",
         {"model", "image", "strokes"}},
        {"backprop",
         "[--model MODEL] --strokes FILE [--label D]",
         "Backpropagates the cost of each drawing (JSON Lines) through the model and prints one "
         "JSON line per drawing: the label, the cost under the model's loss, each output's cost "
         "term, the outputs, and per layer from the first hidden one to the output its "
         "activations a, dC/da and dC/dz (the bias gradient; dC/dW = dC/dz a_prev^T). The label "
         "is --label, or else each line's own \"label\".",
         {"model", "strokes", "label"}},
        {"finetune",
         "[--model M] --strokes MINE.jsonl [--data DIR] [--strokes-data FILE[:SHARE]]...\n"
         "        [--seed N] [--steps N] [--lr F] [--set NAME=VALUE]... --out MODEL [--json]",
         "Fine-tunes a model (default: the bundled one) on your labelled drawings with the app's "
         "own lesson code: your drawings distorted as strokes, mixed with replay of MNIST and "
         "the pen data so it does not forget.",
         {"model", "strokes", "data", "strokes-data", "seed", "steps", "lr", "set", "out", "json"}},
        {"convert",
         "IN OUT [--normalize MEAN STD]",
         "Converts a model between digitscope's format (.dsm) and ONNX (.onnx), by the files' "
         "extensions. IN may also be a bundled model's name. ONNX files from PyTorch "
         "(torch.onnx.export of an nn.Sequential MLP) are read; --normalize stores the input "
         "normalisation the model was trained with (transforms.Normalize((MEAN,), (STD,))).",
         {"normalize"},
         2},
    };
    return commands;
}

QString optionNotOf(const CliCommand& command, const QStringList& optionNames) {
    for (const QString& name : optionNames)
        if (!command.options.contains(name) && name != "help" && name != "h" && name != "version")
            return name;
    return {};
}

const CliCommand* findCliCommand(const QString& name) {
    const auto& commands = cliCommands();
    const auto found = std::find_if(commands.begin(), commands.end(),
                                    [&](const CliCommand& c) { return c.name == name; });
    return found == commands.end() ? nullptr : &*found;
}

QList<QCommandLineOption> cliOptions() {
    return {
        {"data", "Folder of IDX files (MNIST's layout, raw or .gz).", "DIR"},
        {"from-model",
         "Train as this model was trained: its recorded settings and seed (train; the data "
         "folder and stroke files named in it are looked for, or give them).",
         "MODEL"},
        {"arch", "Layer sizes.", "SIZES", "784-16-16-10"},
        {"activation", "Hidden activation: relu, sigmoid or tanh.", "NAME", "relu"},
        {"loss", "xent (softmax outputs) or mse (sigmoid outputs).", "NAME", "xent"},
        {"optimizer", "sgd, momentum or adam.", "NAME", "momentum"},
        {"lr", "Learning rate.", "F", "0.01"},
        {"batch", "Batch size.", "N", "32"},
        {"epochs", "Epochs.", "N", "1"},
        {"seed", "Random seed.", "N", "1"},
        // One by default: Eigen splits only products of 1e8 multiply-adds and more
        // (core::effectiveThreads), and with the other cores busy even those ran slower on 2.
        {"threads", "Threads for very large products.", "N", "1"},
        {"train-limit", "Use the first N training samples.", "N"},
        {"out", "Model file to write (.dsm or .onnx).", "MODEL"},
        {"json", "One JSON object per line."},
        {"schedule", "constant, step or cosine.", "NAME", "constant"},
        {"weight-decay", "L2 weight decay.", "F", "0"},
        {"augment", "Distort training images randomly (the default)."},
        {"no-augment", "Train on the images as they are."},
        {"augment-strength", "Scale of the distortions (1 = default).", "F", "1"},
        {"restroke", "Share of samples redrawn in the pad's pen style (0 to 1).", "F", "0"},
        {"strokes-data", "Labelled stroke file and its share of every batch (default 0.2).",
         "FILE[:SHARE]"},
        {"strokes-augment", "Scale of the stroke sets' distortions (1 = default).", "F", "1"},
        {"random-labels",
         "Train on the training labels shuffled once (seeded by --seed): the network can only "
         "memorise, and its test accuracy stays at chance."},
        {"steps", "Fine-tuning steps (finetune; default as the app's).", "N"},
        {"set",
         "A fine-tuning setting, for experiments (finetune): mine-share, pen-share, anchor, "
         "confused-share, stop-confidence, stop-check-every, variants, batch.",
         "NAME=VALUE"},
        {"model",
         "A model file (.dsm or .onnx) or a bundled model's name (3b1b, accurate); "
         "default: accurate.",
         "MODEL"},
        {"image", "Image to recognise.", "PNG"},
        {"label", "The digit every drawing is meant to be (default: each line's \"label\").", "D"},
        {"strokes", "Drawings as JSON Lines ('-': standard input).", "FILE"},
        {"normalize", "The model expects (pixel - MEAN) / STD, pixels in [0, 1].", "MEAN STD"},
        {{"h", "help"}, "Show the usage (of a command: digitscope-cli <command> --help)."},
        {"version", "Show the version."},
    };
}

std::string cliUsage() {
    std::string text = "usage: digitscope-cli <command> [options]\n\ncommands:\n";
    for (const CliCommand& command : cliCommands())
        text += "  " + command.name.leftJustified(9).toStdString() +
                command.synopsis.toStdString() + "\n";
    text +=
        "\n"
        "MODEL is a .dsm or .onnx file or a bundled model's name (3b1b, accurate); without\n"
        "--model the bundled accurate model is used. --strokes takes JSON Lines, one drawing a\n"
        "line:\n"
        "  {\"width\":400,\"height\":400,\"pen_width\":18,\"strokes\":[[[x,y],[x,y],...],...]}\n"
        "digitscope-cli <command> --help describes a command; --version shows the version.\n";
    return text;
}

std::string cliCommandHelp(const CliCommand& command) {
    std::string text = "usage: digitscope-cli " + command.name.toStdString() + " " +
                       command.synopsis.toStdString() + "\n\n" + command.summary.toStdString() +
                       "\n\noptions:\n";
    for (const QCommandLineOption& option : cliOptions()) {
        const QString name = option.names().last();
        if (!command.options.contains(name)) continue;
        QString left = "--" + name;
        if (!option.valueName().isEmpty()) left += " " + option.valueName();
        QString line = "  " + left.leftJustified(22) + " " + option.description();
        if (!option.defaultValues().isEmpty())
            line += " Default: " + option.defaultValues().join(' ') + ".";
        text += line.toStdString() + "\n";
    }
    text += "  --help                 Show this help.\n";
    return text;
}

QStringList joinTwoValueOptions(QStringList arguments) {
    for (qsizetype i = 0; i + 2 < arguments.size(); ++i)
        if (arguments[i] == "--normalize" || arguments[i] == "-normalize") {
            arguments[i + 1] += " " + arguments[i + 2];
            arguments.removeAt(i + 2);
        }
    return arguments;
}

}  // namespace digitscope::app
