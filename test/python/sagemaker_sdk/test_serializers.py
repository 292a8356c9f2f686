"""The serializers and deserializers: bodies, content types and accepted types as the SDK makes them."""
import io
import unittest

from sagemaker.deserializers import BytesDeserializer, CSVDeserializer, JSONDeserializer
from sagemaker.serializers import CSVSerializer, IdentitySerializer, JSONSerializer


class ArrayLike(object):
    """Stands for a numpy array: the serializers use only its tolist()."""

    def __init__(self, values):
        self.values = values

    def tolist(self):
        return self.values


class Stream(io.BytesIO):
    """A response body that records whether the deserializer closed it (as botocore's StreamingBody)."""


class SerializerTest(unittest.TestCase):
    def test_identity_passes_bytes_and_names_the_given_type(self):
        png = b"\x89PNG\r\n\x1a\n..."
        serializer = IdentitySerializer("image/png")
        self.assertIs(serializer.serialize(png), png)
        self.assertEqual(serializer.CONTENT_TYPE, "image/png")
        self.assertEqual(IdentitySerializer().CONTENT_TYPE, "application/octet-stream")

    def test_content_type_must_be_a_string(self):
        with self.assertRaises(ValueError):
            IdentitySerializer(["image/png"])

    def test_json(self):
        serializer = JSONSerializer()
        self.assertEqual(serializer.CONTENT_TYPE, "application/json")
        self.assertEqual(serializer.serialize([1, 2.5, "a"]), '[1, 2.5, "a"]')
        self.assertEqual(serializer.serialize({"x": ArrayLike([1, 2])}), '{"x": [1, 2]}')
        self.assertEqual(serializer.serialize(ArrayLike([[1], [2]])), "[[1], [2]]")
        self.assertEqual(serializer.serialize(io.StringIO('{"raw": true}')), '{"raw": true}')

    def test_csv(self):
        serializer = CSVSerializer()
        self.assertEqual(serializer.CONTENT_TYPE, "text/csv")
        self.assertEqual(serializer.serialize("1,2"), "1,2")
        self.assertEqual(serializer.serialize([1, 2, 3]), "1,2,3")
        self.assertEqual(serializer.serialize([[1, 2], [3, 4]]), "1,2\n3,4")
        self.assertEqual(serializer.serialize(ArrayLike([[1, "a,b"]])), '1,"a,b"')
        with self.assertRaisesRegex(ValueError, "Cannot serialize empty array"):
            serializer.serialize([])


class DeserializerTest(unittest.TestCase):
    def test_bytes_reads_and_closes(self):
        stream = Stream(b"\x00\x01")
        deserializer = BytesDeserializer()
        self.assertEqual(deserializer.ACCEPT, ("*/*",))
        self.assertEqual(deserializer.deserialize(stream, "application/octet-stream"), b"\x00\x01")
        self.assertTrue(stream.closed)

    def test_json_parses_utf8(self):
        stream = Stream('[0.25, 0.75, "\u00e9"]'.encode("utf-8"))
        deserializer = JSONDeserializer()
        self.assertEqual(deserializer.ACCEPT, ("application/json",))
        self.assertEqual(deserializer.deserialize(stream, "application/json"), [0.25, 0.75, "\u00e9"])
        self.assertTrue(stream.closed)

    def test_csv_rows(self):
        stream = Stream(b'1,2\n3,"4,5"\n')
        deserializer = CSVDeserializer()
        self.assertEqual(deserializer.ACCEPT, ("text/csv",))
        self.assertEqual(deserializer.deserialize(stream, "text/csv"), [["1", "2"], ["3", "4,5"]])
        self.assertTrue(stream.closed)

    def test_accept_may_be_several_types(self):
        self.assertEqual(JSONDeserializer(accept=("application/json", "text/plain")).ACCEPT,
                         ("application/json", "text/plain"))


if __name__ == "__main__":
    unittest.main()
