#pragma once
// Shared set-up of lesson-page tests: a job runner, the page shown at a given size, and waiting
// until its opening computations are done. A test class derives from QObject first, then
// PageTest<ThePage>, and calls openPage() in init() and closePage() in cleanup().

#include "common/timeouts.h"
#include "ui/base/job_runner.h"

#include <QSize>
#include <QtTest>

#include <memory>

namespace emu::test {

template <class Page>
class PageTest
{
protected:
    /// Creates and shows the page; true once it is on screen and its jobs are idle.
    bool openPage(QSize size = QSize(1100, 750), int timeoutMs = 30000)
    {
        closePage(); // a page left by a failed test must not get its jobs' results after it is gone
        m_page = std::make_unique<Page>(&m_jobs);
        m_page->resize(size);
        m_page->show();
        return QTest::qWaitForWindowExposed(m_page.get()) && m_jobs.waitForIdle(scaledTimeout(timeoutMs));
    }
    void closePage()
    {
        m_jobs.cancelAll();
        m_page.reset();
    }

    ui::JobRunner m_jobs;
    std::unique_ptr<Page> m_page;
};

} // namespace emu::test
