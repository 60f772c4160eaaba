package org.pagerace.results;

import java.io.StringWriter;
import java.util.List;
import java.util.Locale;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/** JUnit XML, as CI systems read it: one {@code testsuite} of {@code testcase}s, written by the JDK's XML writer. */
public final class JunitXml {
    /** How a test case ended. */
    public enum Result { PASSED, FAILURE, ERROR }

    /** One test case: its class name and name, how it ended (with a message), and what it printed. */
    public record TestCase(String className, String name, Result result, String message, String systemOut) {
    }

    private JunitXml() {
    }

    /** The document for suite {@code suite} of {@code cases}, which took {@code seconds}. */
    public static String of(String suite, double seconds, List<TestCase> cases) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuite");
            xml.writeAttribute("name", suite);
            xml.writeAttribute("tests", String.valueOf(cases.size()));
            xml.writeAttribute("failures", String.valueOf(count(cases, Result.FAILURE)));
            xml.writeAttribute("errors", String.valueOf(count(cases, Result.ERROR)));
            xml.writeAttribute("time", String.format(Locale.ROOT, "%.1f", seconds));
            for (TestCase c : cases) {
                xml.writeCharacters("\n  ");
                xml.writeStartElement("testcase");
                xml.writeAttribute("classname", c.className());
                xml.writeAttribute("name", c.name());
                if (c.result() != Result.PASSED) {
                    xml.writeCharacters("\n    ");
                    xml.writeEmptyElement(c.result() == Result.ERROR ? "error" : "failure");
                    xml.writeAttribute("message", c.message());
                }
                xml.writeCharacters("\n    ");
                xml.writeStartElement("system-out");
                xml.writeCharacters(c.systemOut());
                xml.writeEndElement();
                xml.writeCharacters("\n  ");
                xml.writeEndElement();
            }
            xml.writeCharacters("\n");
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing JUnit XML to a string", e);
        }
        return out + "\n";
    }

    private static long count(List<TestCase> cases, Result r) {
        return cases.stream().filter(c -> c.result() == r).count();
    }
}
