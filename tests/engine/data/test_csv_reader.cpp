#include "engine/core/errors.h"
#include "engine/data/csv_reader.h"

#include <QtTest>

class TestCsvReader : public QObject
{
    Q_OBJECT
private slots:
    void readsHeaderAndRows()
    {
        const emu::CsvTable t = emu::parseCsv("x, y\n# comment\n1,2\n\n3.5,-4e-1\n", "t.csv");
        QCOMPARE(t.columns, (std::vector<std::string>{"x", "y"}));
        QCOMPARE(t.values.rows(), 2);
        QCOMPARE(t.values(1, 0), 3.5);
        QCOMPARE(t.values(1, 1), -0.4);
    }
    void windowsLineEndings()
    {
        const emu::CsvTable t = emu::parseCsv("a,b\r\n1,2\r\n", "t.csv");
        QCOMPARE(t.values(0, 1), 2.0);
    }
    void errorsNameTheLine_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("line");
        QTest::addColumn<QString>("message");
        QTest::newRow("not a number") << "x,y\n1,2\n3,abc\n" << 3 << "\"abc\" in column \"y\" is not a number";
        QTest::newRow("too few") << "x,y\n1\n" << 2 << "expected 2 values, found 1";
        QTest::newRow("too many") << "x,y\n1,2,3\n" << 2 << "expected 2 values, found 3";
        QTest::newRow("empty value") << "x,y\n1,\n" << 2 << "empty value";
        QTest::newRow("nan") << "x,y\n1,nan\n" << 2 << "non-finite";
        QTest::newRow("inf") << "x,y\n\n1,inf\n" << 3 << "non-finite";
        QTest::newRow("trailing junk") << "x,y\n1,2x\n" << 2 << "not a number";
        QTest::newRow("empty file") << "" << 0 << "empty";
        QTest::newRow("empty header name") << "x,,y\n" << 1 << "empty column name";
    }
    void errorsNameTheLine()
    {
        QFETCH(QString, text);
        QFETCH(int, line);
        QFETCH(QString, message);
        try {
            emu::parseCsv(text.toStdString(), "data.csv");
            QFAIL("no error");
        } catch (const emu::ParseError& e) {
            QCOMPARE(e.line(), line);
            const QString what = e.what();
            QVERIFY2(what.contains(message) && what.startsWith("data.csv:"), qPrintable(what));
        }
    }
    void regressionSplitsLastColumn()
    {
        const emu::RegressionData d = emu::toRegressionData(emu::parseCsv("a,b,out\n1,2,3\n4,5,6\n", "t"), "t");
        QCOMPARE(d.X.cols(), 2);
        QCOMPARE(d.y(1), 6.0);
        QCOMPARE(d.outputName, std::string("out"));
    }
    void regressionNeedsTwoColumnsAndRows()
    {
        QVERIFY_THROWS_EXCEPTION(emu::InvalidInput, emu::toRegressionData(emu::parseCsv("y\n1\n", "t"), "t"));
        QVERIFY_THROWS_EXCEPTION(emu::InvalidInput, emu::toRegressionData(emu::parseCsv("x,y\n", "t"), "t"));
    }
    void missingFile()
    {
        QVERIFY_THROWS_EXCEPTION(emu::Error, emu::readCsvFile("/nonexistent/file.csv"));
    }
};

QTEST_APPLESS_MAIN(TestCsvReader)
#include "test_csv_reader.moc"
