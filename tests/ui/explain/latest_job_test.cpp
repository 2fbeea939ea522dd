#include "session/explain/latest_job.h"

#include <gtest/gtest.h>

#include <QThread>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace digitscope::ui {
namespace {

TEST(LatestJob, DeliversOnTheCreatingThreadAndTheNewestRequestWins) {
    LatestJob job;
    std::vector<int> delivered;
    std::atomic<bool> release{false};
    std::atomic<int> started{0};
    // The first job blocks until released; meanwhile three more arrive: only the last runs.
    job.submit([&](const std::atomic<bool>& superseded) -> LatestJob::Delivery {
        ++started;
        while (!release) std::this_thread::sleep_for(std::chrono::milliseconds(1));
        const bool wasSuperseded = superseded.load();
        return [&, wasSuperseded] {
            EXPECT_EQ(QThread::currentThread(), job.thread());
            EXPECT_TRUE(wasSuperseded);  // newer requests raised the flag
            delivered.push_back(0);
        };
    });
    while (started == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    for (int k = 1; k <= 3; ++k)
        job.submit([&, k](const std::atomic<bool>&) -> LatestJob::Delivery {
            ++started;
            return [&, k] { delivered.push_back(k); };
        });
    release = true;
    ASSERT_TRUE(job.waitUntilIdle());
    // The newest finished result is delivered; an older one not yet delivered by then (the
    // event loop did not run in between here) is dropped.
    EXPECT_EQ(delivered, (std::vector<int>{3}));
    EXPECT_EQ(started.load(), 2);
    // With the event loop running between jobs, each one's result arrives.
    for (int k = 4; k <= 5; ++k) {
        job.submit([&, k](const std::atomic<bool>&) -> LatestJob::Delivery {
            return [&, k] { delivered.push_back(k); };
        });
        ASSERT_TRUE(job.waitUntilIdle());
    }
    EXPECT_EQ(delivered, (std::vector<int>{3, 4, 5}));
}

TEST(LatestJob, AThrowingJobDeliversNothingAndTheNextStillRuns) {
    LatestJob job;
    int delivered = 0;
    job.submit([](const std::atomic<bool>&) -> LatestJob::Delivery {
        throw std::runtime_error("no test set");
    });
    ASSERT_TRUE(job.waitUntilIdle());
    job.submit(
        [&](const std::atomic<bool>&) -> LatestJob::Delivery { return [&] { ++delivered; }; });
    ASSERT_TRUE(job.waitUntilIdle());
    EXPECT_EQ(delivered, 1);
}

TEST(LatestJob, DestroyingItWaitsForTheRunningJob) {
    std::atomic<bool> finished{false};
    std::atomic<bool> running{false};
    {
        LatestJob job;
        job.submit([&](const std::atomic<bool>& superseded) -> LatestJob::Delivery {
            running = true;
            while (!superseded) std::this_thread::sleep_for(std::chrono::milliseconds(1));
            finished = true;  // the destructor raises the flag, then waits for this
            return [] {};
        });
        while (!running) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    EXPECT_TRUE(finished);
}

}  // namespace
}  // namespace digitscope::ui
