package org.pagerace.results;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** JUnit XML parses back with its counts, and text that needs escaping survives it. */
class JunitXmlTest {
    @Test
    void countsAndEscapedTextParseBack() throws Exception {
        String xml = JunitXml.of("pagerace-stress", 12.34, List.of(
                new JunitXml.TestCase("sigbus", "punch-hole[model,modern]", JunitXml.Result.FAILURE,
                        "bug <LOST_WRITE> & \"more\"", "{OK=1}"),
                new JunitXml.TestCase("filemap", "writeback[file,modern]", JunitXml.Result.ERROR, "no samples", "{}"),
                new JunitXml.TestCase("filemap", "truncate[file,modern]", JunitXml.Result.PASSED, "", "{OK=3}")));
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        Element suite = doc.getDocumentElement();
        assertEquals("3", suite.getAttribute("tests"));
        assertEquals("1", suite.getAttribute("failures"));
        assertEquals("1", suite.getAttribute("errors"));
        assertEquals("12.3", suite.getAttribute("time"));
        Element failure = (Element) doc.getElementsByTagName("failure").item(0);
        assertEquals("bug <LOST_WRITE> & \"more\"", failure.getAttribute("message"));
        assertEquals(3, doc.getElementsByTagName("system-out").getLength());
    }
}
