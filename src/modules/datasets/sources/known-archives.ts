// Published CIFAR-100 archives and their MD5 checksums (https://www.cs.toronto.edu/~kriz/cifar.html).

export const CIFAR100_PYTHON_URL = 'https://www.cs.toronto.edu/~kriz/cifar-100-python.tar.gz';
export const CIFAR100_BINARY_URL = 'https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz';

export const KNOWN_ARCHIVE_MD5: Readonly<Record<string, string>> = {
  [CIFAR100_PYTHON_URL]: 'eb9058c3a382ffc7106e4002c42a8d85',
  [CIFAR100_BINARY_URL]: '03b5dce01913d631647c71ecec9e9cb8',
};
