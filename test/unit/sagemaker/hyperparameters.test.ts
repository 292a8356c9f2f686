// The image-classification algorithm's image and hyperparameters: mapped onto the recipe, or refused by name.
import { describe, expect, it } from 'vitest';
import { SAGEMAKER_CONTROL_ERROR_CODES as CODES } from '../../../src/modules/sagemaker-control/index.js';
import { checkChannels } from '../../../src/modules/sagemaker-control/training/channels.js';
import {
  assertImageClassification,
  recipeOf,
} from '../../../src/modules/sagemaker-control/training/hyperparameters.js';

const BASE = { num_classes: '2', num_training_samples: '100' };

describe('image-classification training requests', () => {
  it('accepts the algorithm image of any region and account, and nothing else', () => {
    for (const image of [
      '811284229777.dkr.ecr.us-east-1.amazonaws.com/image-classification:1',
      '685385470294.dkr.ecr.eu-west-1.amazonaws.com/image-classification:latest',
      '390948362332.dkr.ecr.cn-north-1.amazonaws.com.cn/image-classification:1',
    ])
      expect(() => assertImageClassification(image)).not.toThrow();
    for (const image of [
      '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
      'image-classification:1',
      undefined,
    ])
      expect(() => assertImageClassification(image)).toThrow(
        expect.objectContaining({ code: CODES.VALIDATION }),
      );
  });

  it('maps epochs, learning rate and batch size; accepts the classic notebook values', () => {
    const recipe = recipeOf({
      ...BASE,
      image_shape: '3, 32, 32',
      epochs: '3',
      learning_rate: '0.001',
      mini_batch_size: '16',
      use_pretrained_model: '0',
      augmentation_type: 'crop_color_transform',
      top_k: '1',
    });
    expect(recipe).toEqual({ numClasses: 2, options: { epochs: 3, learningRate: 0.001, batchSize: 16 } });
  });

  it('refuses what the trainer cannot honour, naming the hyperparameter and value', () => {
    const cases: Array<[Record<string, string>, string]> = [
      [{ ...BASE, image_shape: '3,224,224' }, 'image_shape="3,224,224"'],
      [{ ...BASE, use_pretrained_model: '1' }, 'use_pretrained_model="1"'],
      [{ ...BASE, num_layers: '18' }, 'num_layers="18"'],
      [{ ...BASE, epochs: '0' }, 'epochs="0"'],
      [{ ...BASE, mini_batch_size: '7' }, 'mini_batch_size="7"'],
      [{ num_training_samples: '10' }, 'num_classes'],
      [{ ...BASE, num_classes: '1' }, 'num_classes="1"'],
    ];
    for (const [hyperparameters, named] of cases)
      expect(() => recipeOf(hyperparameters)).toThrow(
        expect.objectContaining({ message: expect.stringContaining(named) }),
      );
  });

  it('needs the four channels and refuses RecordIO and other content', () => {
    const channel = (name: string, extra: object = {}) => ({
      ChannelName: name,
      ContentType: 'application/x-image',
      DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: `s3://b/${name}/` } },
      ...extra,
    });
    const four = ['train', 'validation', 'train_lst', 'validation_lst'].map((n) => channel(n));
    expect(Object.keys(checkChannels(four)).sort()).toEqual([
      'train',
      'train_lst',
      'validation',
      'validation_lst',
    ]);
    expect(() => checkChannels(four.slice(0, 2))).toThrow(/missing: train_lst, validation_lst/);
    expect(() =>
      checkChannels([...four.slice(1), channel('train', { ContentType: 'application/x-recordio' })]),
    ).toThrow(/RecordIO/);
    expect(() => checkChannels([...four, channel('model')])).toThrow(/Channel model/);
    expect(() => checkChannels([...four.slice(1), channel('train', { InputMode: 'Pipe' })])).toThrow(
      /InputMode Pipe/,
    );
  });
});
